// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: near miss of the torture_must_stop() rule: the do-while condition tests the helper
 *   and something else (`!torture_must_stop() && ++loop < max`); only the whole condition
 *   `!torture_must_stop()` is taken apart, so the helper stays a refusal.
 * Expect: refused: stop helper is not a plain stop check
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct scale {
	struct task_struct *task;
	int max;
};

bool torture_must_stop_irq(void);
static void step(struct scale *s);

bool torture_must_stop(void)
{
	return torture_must_stop_irq() || kthread_should_stop();
}

static int scale_thread(void *data)
{
	struct scale *s = data;
	int loop = 0;

	do {
		step(s);
		msleep(10);
	} while (!torture_must_stop() && ++loop < s->max);
	return 0;
}

int scale_start(struct scale *s)
{
	s->task = kthread_run(scale_thread, s, "scale");
	return PTR_ERR_OR_ZERO(s->task);
}

void scale_stop(struct scale *s)
{
	kthread_stop(s->task);
}
