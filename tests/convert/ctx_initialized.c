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

static int blinker_thread(void *data)
{
	struct led *l = data;
	unsigned long period = HZ / 2;
	bool on = false;
	int err;

	err = led_setup(l);
	if (err)
		return err;

	while (!kthread_should_stop()) {
		on = !on;
		led_set(l, on);
		schedule_timeout_interruptible(period);
		if (period < HZ * 4)
			period *= 2;
	}
	return 0;
}

int blinker_start(struct led *l)
{
	l->task = kthread_run(blinker_thread, l, "blinker");
	return PTR_ERR_OR_ZERO(l->task);
}

void blinker_stop(struct led *l)
{
	kthread_stop(l->task);
}
