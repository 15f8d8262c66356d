// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a variable-length array carried across iterations has no fixed size for the context.
 * Expect: refused: local cannot move to the per-thread context
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
	int n;
};

static void fill(struct dev *d, u8 *buf, int len);

static int dev_thread(void *data)
{
	struct dev *d = data;
	u8 buf[d->n];

	while (!kthread_should_stop()) {
		fill(d, buf, d->n);
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
