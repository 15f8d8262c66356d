// SPDX-License-Identifier: GPL-2.0
/*
 * Mutant-of: for_top_stop
 * Mutation: the non-freezable kthread is made freezable (KTI_NONFREEZABLE dropped)
 * Caught-by: freeze-in-call
 * Original: sleep interruptible 125 -> timeout
 * Converted: sleep interruptible 125 -> timeout; frozen x1
 */
#include <linux/kthread.h>
#include <linux/sched.h>

struct scanner {
	struct task_struct *task;
};

static void scan_bus(struct scanner *s);

static void scanner_thread_func(void *data)
{
	struct scanner *s = data;

	scan_bus(s);
}

static const struct kthread_iterant scanner_thread_kti = {
	.type = KTI_INT_SLEEP_TIMEOUT,
	.timeout = HZ / 2,
	.func = scanner_thread_func,
};

int scanner_start(struct scanner *s)
{
	s->task = kthread_iterant_run(&scanner_thread_kti, s, "scanner");
	return PTR_ERR_OR_ZERO(s->task);
}
