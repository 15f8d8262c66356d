// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: while (!kthread_should_stop()) loop, nothing before or after it but the argument
 *   local and return 0; no set_freezable() -> KTI_NONFREEZABLE; the argument local is
 *   repeated in func; the creation site passes the description.
 * Expect: converted
 * Result: func = the loop body; no init, no destroy; .type = KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/sched.h>

struct pump {
	struct task_struct *task;
};

static void pump_once(struct pump *p);

static void pump_thread_func(void *data)
{
	struct pump *p = data;

	pump_once(p);
	schedule_timeout_interruptible(HZ);
}

static const struct kthread_iterant pump_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.func = pump_thread_func,
};

int pump_start(struct pump *p)
{
	p->task = kthread_iterant_run(&pump_thread_kti, p, "pump");
	return PTR_ERR_OR_ZERO(p->task);
}

void pump_stop(struct pump *p)
{
	kthread_stop(p->task);
}
