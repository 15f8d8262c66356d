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

static void monitor_thread_func(void *data);

static int monitor_thread_init(void *data)
{
	struct monitor *m = data;

	announce(m);
	monitor_thread_func(data);

	return 0;
}

static void monitor_thread_func(void *data)
{
	struct monitor *m = data;

	check_link(m);
	msleep_interruptible(500);
}

static const struct kthread_iterant monitor_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.init = monitor_thread_init,
	.func = monitor_thread_func,
};

int monitor_start(struct monitor *m)
{
	m->task = kthread_iterant_run(&monitor_thread_kti, m, "monitor");
	return PTR_ERR_OR_ZERO(m->task);
}

void monitor_stop(struct monitor *m)
{
	kthread_stop(m->task);
}
