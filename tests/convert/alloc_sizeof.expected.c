// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a local `struct pump_buf *buf` carried in the context keeps its type, so the
 *   moved `buf = kzalloc(sizeof(struct pump_buf), ...)` is written
 *   `ctx->buf = kzalloc(sizeof(*ctx->buf), ...)` as checkpatch --strict asks
 *   (ALLOC_SIZEOF_STRUCT: sizeof's operand is not evaluated, its type is struct pump_buf);
 *   the round trip reads sizeof(*p) of a `struct T *p` as sizeof(struct T).
 * Expect: converted
 * Result: struct pump_thread_ctx { struct pump_buf *buf; }; init allocates ctx->buf or
 *   returns -ENOMEM; func fills it; destroy frees it; KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/slab.h>

struct pump {
	struct task_struct *task;
};

struct pump_buf {
	int level;
};

static void pump_fill(struct pump *p, struct pump_buf *buf);

struct pump_thread_ctx {
	struct pump_buf *buf;
};

static int pump_thread_init(void *data)
{
	struct pump_thread_ctx *ctx = kthread_iterant_ctx();

	ctx->buf = kzalloc(sizeof(*ctx->buf), GFP_KERNEL);
	if (!ctx->buf)
		return -ENOMEM;

	return 0;
}

static void pump_thread_func(void *data)
{
	struct pump_thread_ctx *ctx = kthread_iterant_ctx();
	struct pump *p = data;

	pump_fill(p, ctx->buf);
	schedule_timeout_interruptible(HZ);
}

static void pump_thread_destroy(void *data)
{
	struct pump_thread_ctx *ctx = kthread_iterant_ctx();

	kfree(ctx->buf);
}

static const struct kthread_iterant pump_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.ctx_size = sizeof(struct pump_thread_ctx),
	.init = pump_thread_init,
	.func = pump_thread_func,
	.destroy = pump_thread_destroy,
};

int pump_start(struct pump *p)
{
	p->task = kthread_iterant_run(&pump_thread_kti, p, "pump");
	return PTR_ERR_OR_ZERO(p->task);
}

void pump_stop(struct pump *p)
{
	kthread_stop(p->task);
}
