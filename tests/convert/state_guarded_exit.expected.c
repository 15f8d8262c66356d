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

static void dev_thread_func(void *data)
{
	struct dev *d = data;

	set_current_state(TASK_INTERRUPTIBLE);
	if (!d->work) {
		if (kthread_should_stop())
			return;
		schedule();
		return;
	}
	__set_current_state(TASK_RUNNING);

	d->work = 0;
	step(d);
}

static const struct kthread_iterant dev_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.func = dev_thread_func,
};

int dev_start(struct dev *d)
{
	d->task = kthread_iterant_run(&dev_thread_kti, d, "dev");
	return PTR_ERR_OR_ZERO(d->task);
}

void dev_stop(struct dev *d)
{
	kthread_stop(d->task);
}
