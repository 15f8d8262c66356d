// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: near miss of the torture_must_stop() rule: a continue jumped to the loop
 *   condition, so it would have to run the test of torture_must_stop_irq() that ends func.
 * Expect: refused: loop shape not supported: continue in a loop on !torture_must_stop()
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
		if (msleep_interruptible(100))
			continue;
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
