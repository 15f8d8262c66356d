// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a local of the loop body shadows one declared before the loop: renaming one to ctx->x would touch the other.
 * Expect: refused: local name declared twice in the function
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
	int err = 0;

	while (!kthread_should_stop()) {
		int err = step(d);

		if (err)
			msleep(100);
	}
	return err;
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
