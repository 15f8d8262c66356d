// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a loop condition testing more than the stop check, `!kthread_should_stop() &&
 *   cond`: func starts with `if (!cond) { kthread_stop_current(); return; }` (the core has
 *   tested the stop request first, as the && did).  The thread then ends on its own, and
 *   its owner calls kthread_stop().
 * Expect: converted
 * Result: func = { if (list_empty(&b->items)) { kthread_stop_current(); return; }
 *   process_one(b); }; KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/list.h>

struct batch {
	struct task_struct *task;
	struct list_head items;
};

static void process_one(struct batch *b);

static void batch_thread_func(void *data)
{
	struct batch *b = data;

	if (list_empty(&b->items)) {
		kthread_stop_current();
		return;
	}

	process_one(b);
}

static const struct kthread_iterant batch_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.func = batch_thread_func,
};

int batch_start(struct batch *b)
{
	b->task = kthread_iterant_run(&batch_thread_kti, b, "batch");
	return PTR_ERR_OR_ZERO(b->task);
}

void batch_stop(struct batch *b)
{
	kthread_stop(b->task);
}
