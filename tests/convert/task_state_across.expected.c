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

static int rx_thread_init(void *arg)
{
	set_current_state(TASK_INTERRUPTIBLE);

	return 0;
}

static void rx_thread_func(void *arg)
{
	struct rx *r = arg;

	schedule();
	while (rx_pending(r))
		rx_handle(r);
	set_current_state(TASK_INTERRUPTIBLE);
}

static void rx_thread_destroy(void *arg)
{
	__set_current_state(TASK_RUNNING);
}

static const struct kthread_iterant rx_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.init = rx_thread_init,
	.func = rx_thread_func,
	.destroy = rx_thread_destroy,
};

int rx_start(struct rx *r)
{
	r->task = kthread_iterant_run(&rx_thread_kti, r, "rx");
	return PTR_ERR_OR_ZERO(r->task);
}

void rx_stop(struct rx *r)
{
	kthread_stop(r->task);
}
