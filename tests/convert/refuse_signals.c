// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a thread that allows and flushes signals itself: the core's checkpoint would handle them differently.
 * Expect: refused: handles signals by hand
 */
#include <linux/kthread.h>
#include <linux/signal.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
};

static void step(struct dev *d);

static int dev_thread(void *data)
{
	struct dev *d = data;

	allow_signal(SIGHUP);
	while (!kthread_should_stop()) {
		if (signal_pending(current))
			flush_signals(current);
		step(d);
		msleep_interruptible(100);
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
