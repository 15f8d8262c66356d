// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: do { body } while (!torture_must_stop()), where the helper is defined as
 *   `return torture_must_stop_irq() || kthread_should_stop();`: the condition is
 *   `!torture_must_stop_irq() && !kthread_should_stop()`.  init ends with a call of func
 *   (the body runs once before the first test); func ends with
 *   `if (torture_must_stop_irq()) kthread_stop_current();`, so the two tests run in the
 *   legacy order after each body (the core tests the stop request right after func).
 *   The thread then ends on its own, and its owner calls kthread_stop().
 * Expect: converted
 * Result: init = { stats_thread_func(data); return 0; }, func = { body; if
 *   (torture_must_stop_irq()) kthread_stop_current(); }; KTI_NONFREEZABLE.
 * Harness: returns torture_must_stop_irq=0,0,1
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
	return torture_must_stop_irq() || kthread_should_stop();
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
