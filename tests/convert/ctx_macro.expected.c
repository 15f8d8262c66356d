// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a local declared with DECLARE_WAITQUEUE() or LIST_HEAD() and used across
 *   iterations becomes a context field that init sets up with init_waitqueue_entry() or
 *   INIT_LIST_HEAD(): the same value on the zeroed context (aoe's kthread, bnx2i).
 * Expect: converted
 * Result: ctx = { struct wait_queue_entry wait; struct list_head done; }; init = {
 *   init_waitqueue_entry(&ctx->wait, current); INIT_LIST_HEAD(&ctx->done);
 *   add_wait_queue(&q->wq, &ctx->wait); }; func = { wait_for(q); list_add(&q->item,
 *   &ctx->done); }; destroy = { remove_wait_queue(&q->wq, &ctx->wait); }; KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/wait.h>

struct queue {
	struct task_struct *task;
	wait_queue_head_t wq;
	struct list_head item;
};

static void wait_for(struct queue *q);

struct queue_thread_ctx {
	struct wait_queue_entry wait;
	struct list_head done;
};

static int queue_thread_init(void *data)
{
	struct queue_thread_ctx *ctx = kthread_iterant_ctx();
	struct queue *q = data;

	init_waitqueue_entry(&ctx->wait, current);
	INIT_LIST_HEAD(&ctx->done);

	add_wait_queue(&q->wq, &ctx->wait);

	return 0;
}

static void queue_thread_func(void *data)
{
	struct queue_thread_ctx *ctx = kthread_iterant_ctx();
	struct queue *q = data;

	wait_for(q);
	list_add(&q->item, &ctx->done);
}

static void queue_thread_destroy(void *data)
{
	struct queue_thread_ctx *ctx = kthread_iterant_ctx();
	struct queue *q = data;

	remove_wait_queue(&q->wq, &ctx->wait);
}

static const struct kthread_iterant queue_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.ctx_size = sizeof(struct queue_thread_ctx),
	.init = queue_thread_init,
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
