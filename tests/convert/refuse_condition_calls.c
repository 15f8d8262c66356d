// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: while (more_work(d) && !kthread_should_stop()): the call runs before the stop test in each iteration; the core would test the stop request first and skip the call after kthread_stop().
 * Expect: refused: loop condition calls a function before the stop check
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
};

static bool more_work(struct dev *d);
static void step(struct dev *d);

static int dev_thread(void *data)
{
	struct dev *d = data;

	while (more_work(d) && !kthread_should_stop()) {
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
