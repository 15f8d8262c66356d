// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a thread that writes its parameter: each callback gets the original argument.
 * Expect: refused: writes its parameter
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
	struct dev *next;
};

static void step(struct dev *d);

static int dev_thread(void *data)
{
	while (!kthread_should_stop()) {
		step(data);
		data = ((struct dev *)data)->next;
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
