// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a goto from before the loop to a label inside it: the label would be in func, the goto in init.
 * Expect: refused: goto into the loop
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
	bool warm;
};

static void step(struct dev *d);

static int dev_thread(void *data)
{
	struct dev *d = data;

	if (d->warm)
		goto resume;
	while (!kthread_should_stop()) {
		msleep(10);
resume:
		step(d);
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
