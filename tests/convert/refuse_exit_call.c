// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a thread that ends itself with kthread_complete_and_exit(): an iterant kthread must return to the core.
 * Expect: refused: ends the thread with an exit call
 */
#include <linux/kthread.h>
#include <linux/completion.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
	struct completion done;
};

static void step(struct dev *d);

static int dev_thread(void *data)
{
	struct dev *d = data;

	while (!kthread_should_stop()) {
		step(d);
		msleep(10);
	}
	kthread_complete_and_exit(&d->done, 0);
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
