// SPDX-License-Identifier: GPL-2.0
/*
 * Mutant-of: sleep_state_timeout
 * Mutation: the timeout is written in milliseconds (5000) instead of jiffies (5 * HZ)
 * Caught-by: run-to-end
 * Original: sleep interruptible 1250 -> timeout
 * Converted: sleep interruptible 5000 -> timeout
 */
#include <linux/kthread.h>
#include <linux/sched.h>

struct stats {
	struct task_struct *task;
};

static void refresh_stats(struct stats *st);

static void stats_thread_func(void *data)
{
	struct stats *st = data;

	refresh_stats(st);
}

static const struct kthread_iterant stats_thread_kti = {
	.type = KTI_NONFREEZABLE | KTI_INT_SLEEP_TIMEOUT,
	.timeout = 5000,
	.func = stats_thread_func,
};

int stats_start(struct stats *st)
{
	st->task = kthread_iterant_run(&stats_thread_kti, st, "stats");
	return PTR_ERR_OR_ZERO(st->task);
}
