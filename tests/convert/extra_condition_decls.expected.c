// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: the exit for the loop condition's other test goes after the declarations the
 *   body starts with when their initializers are constants (nothing changes by running
 *   them first); with `!ret &&` before the stop test, ret (set in the loop, read by the
 *   next test) is a context field.
 * Expect: converted
 * Result: struct gc_thread_ctx { int ret; }; func = { bool did_work = false; if
 *   (ctx->ret) { kthread_stop_current(); return; } ctx->ret = gc_once(g, &did_work); if
 *   (!did_work) msleep(100); }; KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct gc {
	struct task_struct *task;
};

static int gc_once(struct gc *g, bool *did_work);

struct gc_thread_ctx {
	int ret;
};

static void gc_thread_func(void *data)
{
	struct gc_thread_ctx *ctx = kthread_iterant_ctx();
	struct gc *g = data;
	bool did_work = false;

	if (ctx->ret) {
		kthread_stop_current();
		return;
	}

	ctx->ret = gc_once(g, &did_work);
	if (!did_work)
		msleep(100);
}

static const struct kthread_iterant gc_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.ctx_size = sizeof(struct gc_thread_ctx),
	.func = gc_thread_func,
};

int gc_start(struct gc *g)
{
	g->task = kthread_iterant_run(&gc_thread_kti, g, "gc");
	return PTR_ERR_OR_ZERO(g->task);
}

void gc_stop(struct gc *g)
{
	kthread_stop(g->task);
}
