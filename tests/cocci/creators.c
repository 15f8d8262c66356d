// SPDX-License-Identifier: GPL-2.0
/*
 * All creators: kthread_run() and kthread_create() are macros in
 * <linux/kthread.h>, the others are functions; all are matched as calls.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect alpha_fn: verdict auto; loop while-not-should-stop; line 23; stop kthread_should_stop
 * expect alpha_fn: exit none; locals none; freezer none; parking none; signals none; sleep none
 * expect alpha_fn: reason single while-not-should-stop loop left only through the stop check
 * expect beta_fn: verdict auto; loop while-not-should-stop; line 30; stop kthread_should_stop
 * expect beta_fn: exit none; locals none; freezer none; parking none; signals none; sleep none
 * expect beta_fn: reason single while-not-should-stop loop left only through the stop check
 * expect create 37: kthread_run alpha_fn function
 * expect create 38: kthread_create beta_fn function
 * expect create 39: kthread_create_on_node alpha_fn function
 * expect create 40: kthread_create_on_cpu beta_fn function
 * expect create 41: kthread_run_on_cpu alpha_fn function
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
