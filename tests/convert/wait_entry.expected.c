// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: DECLARE_WAITQUEUE() before the loop, the entry added and removed again within
 *   every iteration: no iteration leaves it on the queue, so func declares it afresh (the
 *   same fields; add_wait_queue() sets the flags).
 * Expect: converted
 * Result: func = { DECLARE_WAITQUEUE(wait, current); add_wait_queue(...); ...;
 *   remove_wait_queue(...); step(d); }; KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/wait.h>
#include <linux/sched.h>

struct dev {
	struct task_struct *task;
	wait_queue_head_t wq;
	int pending;
};

static void step(struct dev *d);

static void dev_thread_func(void *data)
{
	struct dev *d = data;
	DECLARE_WAITQUEUE(wait, current);

	add_wait_queue(&d->wq, &wait);
	set_current_state(TASK_INTERRUPTIBLE);
	if (!d->pending)
		schedule();
	__set_current_state(TASK_RUNNING);
	remove_wait_queue(&d->wq, &wait);
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
