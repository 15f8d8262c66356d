// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: an infinite loop whose stop check comes after a sleep: the statements before the
 *   check are rotated: they run once at the end of init and at the end of every func, so
 *   the core's stop check between iterations falls where the legacy check stood (the same
 *   calls in the same order).  The check's other test `|| timeleft` becomes the first
 *   statement of func; timeleft flows from the end of one call to the next: context.
 * Expect: converted
 * Result: init = { ctx->timeleft = msleep_interruptible(1000); return 0; }, func =
 *   { if (ctx->timeleft) { kthread_stop_current(); return; } adjust(f); ctx->timeleft =
 *   msleep_interruptible(1000); }; KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct fan {
	struct task_struct *task;
};

static void adjust(struct fan *f);

struct fan_thread_ctx {
	unsigned long timeleft;
};

static int fan_thread_init(void *data)
{
	struct fan_thread_ctx *ctx = kthread_iterant_ctx();

	ctx->timeleft = msleep_interruptible(1000);

	return 0;
}

static void fan_thread_func(void *data)
{
	struct fan_thread_ctx *ctx = kthread_iterant_ctx();
	struct fan *f = data;

	if (ctx->timeleft) {
		kthread_stop_current();
		return;
	}

	adjust(f);

	ctx->timeleft = msleep_interruptible(1000);
}

static const struct kthread_iterant fan_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.ctx_size = sizeof(struct fan_thread_ctx),
	.init = fan_thread_init,
	.func = fan_thread_func,
};

int fan_start(struct fan *f)
{
	f->task = kthread_iterant_run(&fan_thread_kti, f, "fan");
	return PTR_ERR_OR_ZERO(f->task);
}

void fan_stop(struct fan *f)
{
	kthread_stop(f->task);
}
