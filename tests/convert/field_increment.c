// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: `++d->count` writes the field, not d (mips_ejtag_fdc_put): d stays a local
 *   repeated from the argument.  spin_lock_irqsave(lock, flags) only stores into flags:
 *   flags is written before it is read in every iteration and stays local to func.
 * Expect: converted
 * Result: func = { struct dev *d = data; unsigned long flags; spin_lock_irqsave(...);
 *   ++d->count; spin_unlock_irqrestore(...); msleep(10); }; no context;
 *   KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/spinlock.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
	spinlock_t lock;
	unsigned long count;
};

static int dev_thread(void *data)
{
	struct dev *d = data;
	unsigned long flags;

	while (!kthread_should_stop()) {
		spin_lock_irqsave(&d->lock, flags);
		++d->count;
		spin_unlock_irqrestore(&d->lock, flags);
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
