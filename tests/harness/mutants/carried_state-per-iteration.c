// SPDX-License-Identifier: GPL-2.0
/*
 * Mutant-of: carried_state
 * Mutation: the carried local `last` becomes a local of func, reset in every iteration
 * Caught-by: run-to-end
 * Original: sleep interruptible 250 -> timeout
 * Converted: call publish(data, 1, 3)
 */
#include <linux/kthread.h>
#include <linux/sched.h>

struct sampler {
	struct task_struct *task;
};

static int read_sample(struct sampler *s);
static void publish(struct sampler *s, unsigned long seq, int value);

struct sampler_thread_ctx {
	unsigned long seq;
};

static int sampler_thread_init(void *data)
{
	struct sampler_thread_ctx *ctx = kthread_iterant_ctx();

	ctx->seq = 0;
	return 0;
}

static void sampler_thread_func(void *data)
{
	struct sampler *s = data;
	struct sampler_thread_ctx *ctx = kthread_iterant_ctx();
	int last = -1;
	int v = read_sample(s);

	if (v != last)
		publish(s, ctx->seq, v);
	last = v;
	ctx->seq++;
}

static const struct kthread_iterant sampler_thread_kti = {
	.type = KTI_NONFREEZABLE | KTI_INT_SLEEP_TIMEOUT,
	.timeout = HZ,
	.ctx_size = sizeof(struct sampler_thread_ctx),
	.init = sampler_thread_init,
	.func = sampler_thread_func,
};

int sampler_start(struct sampler *s)
{
	s->task = kthread_iterant_run(&sampler_thread_kti, s, "sampler");
	return PTR_ERR_OR_ZERO(s->task);
}
