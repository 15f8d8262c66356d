// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: task state set before the loop and again at the end of the body, schedule() at
 *   the top of the next iteration (bnx2fc's receive threads), in a kthread that is not
 *   freezable and does not park: the core's checkpoint then only tests the stop request,
 *   as the legacy loop did in TASK_INTERRUPTIBLE, and calls cond_resched(), which keeps
 *   the state.  The state is set at the end of init and of func, reset in destroy.
 * Expect: converted
 * Result: init = { set_current_state(TASK_INTERRUPTIBLE); }; func = { schedule();
 *   while (rx_pending(r)) rx_handle(r); set_current_state(TASK_INTERRUPTIBLE); };
 *   destroy = { __set_current_state(TASK_RUNNING); }; KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/sched.h>

struct rx {
	struct task_struct *task;
};

static bool rx_pending(struct rx *r);
static void rx_handle(struct rx *r);

static int rx_thread(void *arg)
{
	struct rx *r = arg;

	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		while (rx_pending(r))
			rx_handle(r);
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

int rx_start(struct rx *r)
{
	r->task = kthread_run(rx_thread, r, "rx");
	return PTR_ERR_OR_ZERO(r->task);
}

void rx_stop(struct rx *r)
{
	kthread_stop(r->task);
}
