// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: for (;;) whose body starts with try_to_freeze(), the stop check and the park
 *   check: all three leave (the core's checkpoint does them), set_freezable() too.
 *   A continue becomes a return from func.
 * Expect: converted
 * Result: func = the rest of the body, `continue;` -> `return;`; freezable (no flag).
 */
#include <linux/kthread.h>
#include <linux/freezer.h>

struct poller {
	struct task_struct *task;
};

static bool poll_hw(struct poller *p);
static void handle_event(struct poller *p);

static void poller_thread_func(void *arg)
{
	struct poller *p = arg;

	if (!poll_hw(p)) {
		msleep_interruptible(20);
		return;
	}
	handle_event(p);
}

static const struct kthread_iterant poller_thread_kti = {
	.func = poller_thread_func,
};

int poller_start(struct poller *p)
{
	p->task = kthread_iterant_run(&poller_thread_kti, p, "poller");
	return PTR_ERR_OR_ZERO(p->task);
}

void poller_stop(struct poller *p)
{
	kthread_stop(p->task);
}
