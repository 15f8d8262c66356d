// SPDX-License-Identifier: GPL-2.0
/*
 * A one-shot thread: does its job once and returns.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect probe_async: verdict manual; loop one-shot; line none; stop none
 * expect probe_async: exit none; locals none; freezer none; parking none; signals none; sleep none
 * expect probe_async: reason no stop loop: the thread runs once and returns
 * expect create 27: kthread_run probe_async function
 */
#include <linux/kthread.h>
#include <linux/completion.h>

static int probe_async(void *data)
{
	struct probe_ctx *ctx = data;

	ctx->result = probe_device(ctx->dev);
	complete(&ctx->done);
	return 0;
}

int probe_start(struct probe_ctx *ctx)
{
	struct task_struct *t;

	t = kthread_run(probe_async, ctx, "probe-async");
	return PTR_ERR_OR_ZERO(t);
}
