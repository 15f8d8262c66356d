// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: task state set before the loop and again at the end of the body, schedule() at
 *   the top of the next iteration, in a freezable kthread: the core's checkpoint would
 *   freeze it in TASK_INTERRUPTIBLE and lose that state.
 * Expect: refused: task state set before a checkpoint of the core
 */
#include <linux/freezer.h>
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

	set_freezable();
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		while (rx_pending(r))
			rx_handle(r);
		try_to_freeze();
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
