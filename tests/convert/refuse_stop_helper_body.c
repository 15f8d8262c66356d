// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: near miss of the torture_must_stop() rule: the helper is not defined as
 *   `return T() || kthread_should_stop();` (here `&&`: the loop would not end on a
 *   kthread_stop() alone), so the loop on it stays a refusal.
 * Expect: refused: stop helper is not a plain stop check
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct stats {
	struct task_struct *task;
};

bool torture_must_stop_irq(void);
static void stats_print(struct stats *s);

bool torture_must_stop(void)
{
	return torture_must_stop_irq() && kthread_should_stop();
}

static int stats_thread(void *data)
{
	struct stats *s = data;

	do {
		msleep_interruptible(100);
		stats_print(s);
	} while (!torture_must_stop());
	return 0;
}

int stats_start(struct stats *s)
{
	s->task = kthread_run(stats_thread, s, "stats");
	return PTR_ERR_OR_ZERO(s->task);
}

void stats_stop(struct stats *s)
{
	kthread_stop(s->task);
}
