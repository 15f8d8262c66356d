// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: `while (!kthread_should_stop() && !rebalance(r)) ;` - all the work is in the loop
 *   condition: func is the exit for its other test alone (the empty statement goes), and
 *   the comment right above the loop moves with it to func.
 * Expect: converted
 * Result: func = { comment; if (rebalance(r)) { kthread_stop_current(); return; } };
 *   KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>

struct rebal {
	struct task_struct *task;
};

static bool rebalance(struct rebal *r);

static int rebal_thread(void *data)
{
	struct rebal *r = data;

	/* rebalance until done or told to stop */
	while (!kthread_should_stop() && !rebalance(r))
		;
	return 0;
}

int rebal_start(struct rebal *r)
{
	r->task = kthread_run(rebal_thread, r, "rebal");
	return PTR_ERR_OR_ZERO(r->task);
}

void rebal_stop(struct rebal *r)
{
	kthread_stop(r->task);
}
