// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: locals carrying state from before the loop and across iterations move into the
 *   per-thread context; a non-zero initializer becomes an assignment in init (where the
 *   code before the loop runs), a zero one goes (the core zeroes the context).  A local
 *   used only before the loop stays in init; the argument local is repeated where used.
 * Expect: converted
 * Result: struct blinker_thread_ctx { unsigned long period; bool on; }; init =
 *   { ctx->period = HZ / 2; err = led_setup(l); if (err) return err; return 0; };
 *   func toggles ctx->on, sleeps ctx->period and doubles it up to HZ * 4;
 *   KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/sched.h>

struct led {
	struct task_struct *task;
};

static int led_setup(struct led *l);
static void led_set(struct led *l, bool on);

struct blinker_thread_ctx {
	unsigned long period;
	bool on;
};

static int blinker_thread_init(void *data)
{
	struct blinker_thread_ctx *ctx = kthread_iterant_ctx();
	struct led *l = data;
	int err;

	ctx->period = HZ / 2;

	err = led_setup(l);
	if (err)
		return err;

	return 0;
}

static void blinker_thread_func(void *data)
{
	struct blinker_thread_ctx *ctx = kthread_iterant_ctx();
	struct led *l = data;

	ctx->on = !ctx->on;
	led_set(l, ctx->on);
	schedule_timeout_interruptible(ctx->period);
	if (ctx->period < HZ * 4)
		ctx->period *= 2;
}

static const struct kthread_iterant blinker_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.ctx_size = sizeof(struct blinker_thread_ctx),
	.init = blinker_thread_init,
	.func = blinker_thread_func,
};

int blinker_start(struct led *l)
{
	l->task = kthread_iterant_run(&blinker_thread_kti, l, "blinker");
	return PTR_ERR_OR_ZERO(l->task);
}

void blinker_stop(struct led *l)
{
	kthread_stop(l->task);
}
