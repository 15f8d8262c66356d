// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a sleep before the stop check would be rotated to the end of func, but a continue would then skip it.
 * Expect: refused: stop check is not at the top of the infinite loop
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
};

static bool step(struct dev *d);

static int dev_thread(void *data)
{
	struct dev *d = data;

	for (;;) {
		msleep_interruptible(100);
		if (kthread_should_stop())
			break;
		if (!step(d))
			continue;
		msleep(1);
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
