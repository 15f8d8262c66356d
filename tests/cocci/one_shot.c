// SPDX-License-Identifier: GPL-2.0
/* A one-shot thread: does its job once and returns. */
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
