// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: the statements before the stop check of an infinite loop are rotated: they also
 *   run at the end of init, where a local declared at the top of the loop body (busy)
 *   does not exist: refused.
 * Expect: refused: stop check is not at the top of the infinite loop: 'busy', declared in the loop body, is used before the stop check
 */
#include <linux/kthread.h>
#include <linux/sched.h>

struct poller {
	bool pending;
	struct task_struct *task;
};

static void poller_work(struct poller *p);

static int poller_thread(void *data)
{
	struct poller *p = data;

	for (;;) {
		int busy;

		set_current_state(TASK_INTERRUPTIBLE);
		busy = p->pending;
		if (!busy)
			schedule();
		__set_current_state(TASK_RUNNING);
		if (kthread_should_stop())
			break;
		poller_work(p);
	}
	return 0;
}

int poller_start(struct poller *p)
{
	p->task = kthread_run(poller_thread, p, "poller");
	return PTR_ERR_OR_ZERO(p->task);
}

void poller_stop(struct poller *p)
{
	kthread_stop(p->task);
}
