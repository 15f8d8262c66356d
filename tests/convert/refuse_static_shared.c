// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a static local used before the loop and in it would be needed by init and func.
 * Expect: refused: static local used by several callbacks
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
};

static void step(struct dev *d, int n);

static int dev_thread(void *data)
{
	struct dev *d = data;
	static int runs;

	runs++;
	while (!kthread_should_stop()) {
		step(d, runs);
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
