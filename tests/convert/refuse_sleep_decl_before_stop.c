// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a declaration before the stop check of an infinite loop may stay in func only if
 *   it has no effect: here it sleeps (solo_thread), and kthread_stop() ends that sleep, so
 *   after the legacy stop check the converted func would run one more poll.
 * Expect: refused: stop check is not at the top of the infinite loop
 */
#include <linux/kthread.h>
#include <linux/sched.h>

struct dev {
	struct task_struct *task;
};

static void poll(struct dev *d);

static int dev_thread(void *data)
{
	struct dev *d = data;

	for (;;) {
		long timeout = schedule_timeout_interruptible(HZ);

		if (timeout == -ERESTARTSYS || kthread_should_stop())
			break;
		poll(d);
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
