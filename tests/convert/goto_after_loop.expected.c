// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: `goto out;` where out labels exactly the code right after the loop is a break:
 *   kthread_stop_current(); return;, the label goes, what follows it is destroy.  The
 *   stop check guarding its own goto only returns (the core then sees the stop request).
 * Expect: converted
 * Result: func = { if (fetch(q) < 0) { kthread_stop_current(); return; } wait;
 *   if (kthread_should_stop()) return; }, destroy = drain(q); KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/wait.h>

struct queue {
	struct task_struct *task;
	wait_queue_head_t wq;
	int pending;
};

static int fetch(struct queue *q);
static void drain(struct queue *q);

static void queue_thread_func(void *data)
{
	struct queue *q = data;

	if (fetch(q) < 0) {
		kthread_stop_current();
		return;
	}
	wait_event_interruptible(q->wq, q->pending || kthread_should_stop());
	if (kthread_should_stop())
		return;
}

static void queue_thread_destroy(void *data)
{
	struct queue *q = data;

	drain(q);
}

static const struct kthread_iterant queue_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.func = queue_thread_func,
	.destroy = queue_thread_destroy,
};

int queue_start(struct queue *q)
{
	q->task = kthread_iterant_run(&queue_thread_kti, q, "queue");
	return PTR_ERR_OR_ZERO(q->task);
}

void queue_stop(struct queue *q)
{
	kthread_stop(q->task);
}
