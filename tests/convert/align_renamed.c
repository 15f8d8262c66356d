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

static int acc_thread(void *data)
{
	struct dev *d = data;
	unsigned long total = 0;

	while (!kthread_should_stop()) {
		total = accumulate(d, total,
				   d->step);
		msleep(10);
	}
	return 0;
}

int acc_start(struct dev *d)
{
	d->task = kthread_run(acc_thread, d, "acc");
	return PTR_ERR_OR_ZERO(d->task);
}

void acc_stop(struct dev *d)
{
	kthread_stop(d->task);
}
