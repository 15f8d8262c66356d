// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: naming: callbacks NAME_init/_func/_destroy, description NAME_kti, context struct
 *   NAME_ctx, local ctx.  A name the tree already uses falls back to NAME_iterant_ROLE
 *   (then NAME_iterant2_ROLE, ...); the local falls back from ctx to kti_ctx when the
 *   function already uses ctx.  Here tick_thread_func and tick_thread_kti exist, and ctx
 *   is a local of the thread.
 * Expect: converted
 * Result: tick_thread_iterant_func, tick_thread_iterant_kti, struct tick_thread_ctx with
 *   local kti_ctx; the existing names stay untouched.
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct tick {
	struct task_struct *task;
	void *ctx;
};

static int tick_thread_kti;

static void tick_thread_func(void *ctx, unsigned int n)
{
}

struct tick_thread_ctx {
	void *ctx;
	unsigned int n;
};

static int tick_thread_init(void *data)
{
	struct tick_thread_ctx *kti_ctx = kthread_iterant_ctx();
	struct tick *t = data;

	kti_ctx->ctx = t->ctx;

	return 0;
}

static void tick_thread_iterant_func(void *data)
{
	struct tick_thread_ctx *kti_ctx = kthread_iterant_ctx();

	tick_thread_func(kti_ctx->ctx, kti_ctx->n++);
	tick_thread_kti++;
	msleep(10);
}

static const struct kthread_iterant tick_thread_iterant_kti = {
	.type = KTI_NONFREEZABLE,
	.ctx_size = sizeof(struct tick_thread_ctx),
	.init = tick_thread_init,
	.func = tick_thread_iterant_func,
};

int tick_start(struct tick *t)
{
	t->task = kthread_iterant_run(&tick_thread_iterant_kti, t, "tick");
	return PTR_ERR_OR_ZERO(t->task);
}

void tick_stop(struct tick *t)
{
	kthread_stop(t->task);
}
