// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: `return 0;` before the loop: init returning 0 would start the loop the legacy thread skipped.
 * Expect: refused: returns 0 (or a value that may be 0) before the loop
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
	bool disabled;
};

static void step(struct dev *d);

static int dev_thread(void *data)
{
	struct dev *d = data;

	if (d->disabled)
		return 0;
	while (!kthread_should_stop()) {
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
