// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a do-while that can leave its loop with break: its first iteration runs in init, where kthread_stop_current() has no loop to end.
 * Expect: refused: do-while loop left other than through its stop check
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
};

static int step(struct dev *d);

static int dev_thread(void *data)
{
	struct dev *d = data;

	do {
		if (step(d) < 0)
			break;
		msleep(10);
	} while (!kthread_should_stop());
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
