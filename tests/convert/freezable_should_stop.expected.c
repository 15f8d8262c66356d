// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: while (!kthread_freezable_should_stop(NULL)) tests the stop request and freezes:
 *   the core's checkpoint does both; with set_freezable() the thread stays freezable.
 *   The local carried from one iteration to the next (missed) moves to the context,
 *   zeroed by the core, so its `= 0` initializer goes.
 * Expect: converted
 * Result: struct balancer_thread_ctx { int missed; }; func uses ctx->missed; no init;
 *   .ctx_size; freezable.  The moved if/else chain gets braces on its first arm too
 *   (checkpatch --strict: braces on all arms).
 */
#include <linux/kthread.h>
#include <linux/freezer.h>
#include <linux/delay.h>

struct balancer {
	struct task_struct *task;
};

static bool rebalance(struct balancer *b);
static void report(struct balancer *b, int missed);

struct balancer_thread_ctx {
	int missed;
};

static void balancer_thread_func(void *data)
{
	struct balancer_thread_ctx *ctx = kthread_iterant_ctx();
	struct balancer *b = data;

	if (!rebalance(b)) {
		ctx->missed++;
	} else if (ctx->missed) {
		report(b, ctx->missed);
		ctx->missed = 0;
	}
	msleep_interruptible(1000);
}

static const struct kthread_iterant balancer_thread_kti = {
	.ctx_size = sizeof(struct balancer_thread_ctx),
	.func = balancer_thread_func,
};

int balancer_start(struct balancer *b)
{
	b->task = kthread_iterant_run(&balancer_thread_kti, b, "balancer");
	return PTR_ERR_OR_ZERO(b->task);
}

void balancer_stop(struct balancer *b)
{
	kthread_stop(b->task);
}
