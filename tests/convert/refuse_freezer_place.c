// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: set_freezable() called conditionally inside the loop: the core decides freezability once, at creation.
 * Expect: refused: freezer call the core cannot take over
 */
#include <linux/kthread.h>
#include <linux/freezer.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
	bool freeze;
};

static void step(struct dev *d);

static int dev_thread(void *data)
{
	struct dev *d = data;

	while (!kthread_should_stop()) {
		if (d->freeze)
			set_freezable();
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
