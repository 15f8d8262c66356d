// SPDX-License-Identifier: GPL-2.0
/* Shape: for (;;) with "if (kthread_should_stop()) break;" as the exit. */
#include <linux/kthread.h>

static int poll_thread(void *data)
{
	struct poll_ctx *ctx = data;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop()) {
			__set_current_state(TASK_RUNNING);
			break;
		}
		if (!poll_has_work(ctx)) {
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);
		poll_do_work(ctx);
	}
	return 0;
}

int poll_start(struct poll_ctx *ctx)
{
	ctx->task = kthread_create(poll_thread, ctx, "poll/%d", ctx->id);
	if (IS_ERR(ctx->task))
		return PTR_ERR(ctx->task);
	wake_up_process(ctx->task);
	return 0;
}
