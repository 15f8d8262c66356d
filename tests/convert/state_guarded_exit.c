// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a task state still set at a jump out of the loop is fine when the jump is guarded
 *   by a stop check (ubifs_bg_thread): the core's checkpoint tests the stop request first
 *   and goes to destroy, as the legacy code after the loop ran in that state.  An exit
 *   with the state set and no stop check would be refused.
 * Expect: converted
 * Result: func = { set_current_state(TASK_INTERRUPTIBLE); if (!d->work) { if
 *   (kthread_should_stop()) return; schedule(); return; } __set_current_state(
 *   TASK_RUNNING); d->work = 0; step(d); }; KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/sched.h>

struct dev {
	struct task_struct *task;
	int work;
};

static void step(struct dev *d);

static int dev_thread(void *data)
{
	struct dev *d = data;

	while (1) {
		if (kthread_should_stop())
			break;

		set_current_state(TASK_INTERRUPTIBLE);
		if (!d->work) {
			if (kthread_should_stop())
				break;
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);

		d->work = 0;
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
