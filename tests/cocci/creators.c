// SPDX-License-Identifier: GPL-2.0
/*
 * All creators: kthread_run() and kthread_create() are macros in
 * <linux/kthread.h>, the others are functions; all are matched as calls.
 */
#include <linux/kthread.h>

static int alpha_fn(void *data)
{
	while (!kthread_should_stop())
		alpha_step(data);
	return 0;
}

static int beta_fn(void *data)
{
	while (!kthread_should_stop())
		beta_step(data);
	return 0;
}

void start_all(struct ctx *ctx, int node, unsigned int cpu)
{
	ctx->t[0] = kthread_run(alpha_fn, ctx, "alpha");
	ctx->t[1] = kthread_create(&beta_fn, ctx, "beta");
	ctx->t[2] = kthread_create_on_node(alpha_fn, ctx, node, "alpha/%d", node);
	ctx->t[3] = kthread_create_on_cpu(beta_fn, ctx, cpu, "beta/%u");
	ctx->t[4] = kthread_run_on_cpu(alpha_fn, ctx, cpu, "alpha/%u");
}
