// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: the thread function is also called directly: after the conversion nothing of that name is left to call.
 * Expect: refused: the thread function is used other than as a thread function
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
};

static void step(struct dev *d);

static int dev_thread(void *data)
{
	struct dev *d = data;

	while (!kthread_should_stop()) {
		step(d);
		msleep(10);
	}
	return 0;
}

int dev_run_once(struct dev *d)
{
	return dev_thread(d);
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
