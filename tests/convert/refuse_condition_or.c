// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: while (!kthread_should_stop() || pending): the loop goes on after kthread_stop() while work is pending; the core stops at once.
 * Expect: refused: loop condition keeps looping after kthread_stop()
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
	int pending;
};

static void step(struct dev *d);

static int dev_thread(void *data)
{
	struct dev *d = data;

	while (!kthread_should_stop() || d->pending) {
		step(d);
		msleep(10);
	}
	return 0;
}

int dev_start(struct dev *d)
{
	d->task = kthread_run(dev_thread, d, "dev");
	return PTR_ERR_OR_ZERO(d->task);
}

void dev_stop(struct dev *d)
{
	kthread_stop(d->task);
}
