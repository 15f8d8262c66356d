// SPDX-License-Identifier: GPL-2.0
/*
 * Mutant-of: freezable
 * Mutation: the freezable kthread is made non-freezable (KTI_NONFREEZABLE)
 * Caught-by: freeze-in-call
 * Original: sleep interruptible 500 -> freezer; frozen x1
 * Converted: sleep interruptible 500 -> timeout
 */
#include <linux/kthread.h>
#include <linux/freezer.h>
#include <linux/sched.h>

struct logger {
	struct task_struct *task;
};

static void flush_log(struct logger *l);

static void logger_thread_func(void *data)
{
	struct logger *l = data;

	flush_log(l);
}

static const struct kthread_iterant logger_thread_kti = {
	.type = KTI_NONFREEZABLE | KTI_INT_SLEEP_TIMEOUT,
	.timeout = 2 * HZ,
	.func = logger_thread_func,
};

int logger_start(struct logger *l)
{
	l->task = kthread_iterant_run(&logger_thread_kti, l, "logger");
	return PTR_ERR_OR_ZERO(l->task);
}
