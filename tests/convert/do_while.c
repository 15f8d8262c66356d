// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: do { body } while (!kthread_should_stop()): the body runs once before the first
 *   stop check, so init ends with a call of func (exact: the same calls in the same order,
 *   and func has no exit that would need the loop to end inside init).
 * Expect: converted
 * Result: init = { announce(m); monitor_thread_func(data); return 0; }, func = body;
 *   KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct monitor {
	struct task_struct *task;
};

static void announce(struct monitor *m);
static void check_link(struct monitor *m);

static int monitor_thread(void *data)
{
	struct monitor *m = data;

	announce(m);
	do {
		check_link(m);
		msleep_interruptible(500);
	} while (!kthread_should_stop());

	return 0;
}

int monitor_start(struct monitor *m)
{
	m->task = kthread_run(monitor_thread, m, "monitor");
	return PTR_ERR_OR_ZERO(m->task);
}

void monitor_stop(struct monitor *m)
{
	kthread_stop(m->task);
}
