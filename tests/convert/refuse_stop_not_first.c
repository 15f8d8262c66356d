// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a label before the infinite loop's stop check (a goto back to it): the statements before the check cannot be rotated.
 * Expect: refused: stop check is not at the top of the infinite loop
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

	for (;;) {
retry:
		if (kthread_should_stop())
			break;
		if (step(d) < 0)
			goto retry;
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
