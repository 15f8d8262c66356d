// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a continuation line aligned with its open parenthesis stays aligned after the
 *   move: the renamed local (total -> ctx->total) shifts the parenthesis, so the
 *   continuation is re-aligned (whitespace only, with the tree's checkpatch --fix).
 * Expect: converted
 * Result: func = { ctx->total = accumulate(d, ctx->total,\n<4 tabs>d->step);
 *   msleep(10); }; struct acc_thread_ctx { unsigned long total; }; KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
	unsigned long step;
};

static unsigned long accumulate(struct dev *d, unsigned long total, unsigned long step);

struct acc_thread_ctx {
	unsigned long total;
};

static void acc_thread_func(void *data)
{
	struct acc_thread_ctx *ctx = kthread_iterant_ctx();
	struct dev *d = data;

	ctx->total = accumulate(d, ctx->total,
				d->step);
	msleep(10);
}

static const struct kthread_iterant acc_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.ctx_size = sizeof(struct acc_thread_ctx),
	.func = acc_thread_func,
};

int acc_start(struct dev *d)
{
	d->task = kthread_iterant_run(&acc_thread_kti, d, "acc");
	return PTR_ERR_OR_ZERO(d->task);
}

void acc_stop(struct dev *d)
{
	kthread_stop(d->task);
}
