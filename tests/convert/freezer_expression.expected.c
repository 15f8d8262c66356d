// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a freezer call inside an expression, `if (try_to_freeze()) continue;`, stays in
 *   func (exact: the thread still freezes there and starts the next iteration after a
 *   freeze), its continue becoming a return.  The leading stop check of the infinite loop
 *   leaves; the thread is freezable and the core adds its own freeze point between
 *   iterations.  A label inside the loop with gotos from the loop stays in func.
 * Expect: converted
 * Result: func = { if (try_to_freeze()) return; if (!has_work(b)) goto idle; do_work(b);
 *   idle: schedule_timeout_interruptible(HZ); }; freezable.
 */
#include <linux/kthread.h>
#include <linux/freezer.h>

struct bg {
	struct task_struct *task;
};

static bool has_work(struct bg *b);
static void do_work(struct bg *b);

static void bg_thread_func(void *data)
{
	struct bg *b = data;

	if (try_to_freeze())
		return;
	if (!has_work(b))
		goto idle;
	do_work(b);
idle:
	schedule_timeout_interruptible(HZ);
}

static const struct kthread_iterant bg_thread_kti = {
	.func = bg_thread_func,
};

int bg_start(struct bg *b)
{
	b->task = kthread_iterant_run(&bg_thread_kti, b, "bg");
	return PTR_ERR_OR_ZERO(b->task);
}

void bg_stop(struct bg *b)
{
	kthread_stop(b->task);
}
