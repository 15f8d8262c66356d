// SPDX-License-Identifier: GPL-2.0
/*
 * Shape: for (;;) with "if (kthread_should_stop()) break;" as the exit.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect poll_thread: verdict auto; loop infinite-with-stop-check; line 19; stop kthread_should_stop
 * expect poll_thread: exit none; locals ctx; freezer none; parking none; signals none
 * expect poll_thread: sleep set_current_state+schedule
 * expect poll_thread: loop_at 19:1; cond none; braces 19:10 31:1; jumps break@23:3 stop, continue@27:3
 * expect poll_thread: reason single infinite-with-stop-check loop left only through the stop check
 * expect create 37: kthread_create poll_thread function
 */
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
