// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a local carried across iterations becomes a context field, and its uses become
 *   ctx->x; a macro naming it (tick_dbg() prints ticks) would still name the local, which
 *   no callback declares: refused.
 * Expect: refused: a macro names a local that the callbacks cannot give it: 'ticks' would be a context field, used by tick_dbg
 */
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/printk.h>

#define tick_dbg() pr_debug("tick %lu\n", ticks)

struct ticker {
	struct task_struct *task;
};

static int ticker_thread(void *data)
{
	unsigned long ticks = 0;

	while (!kthread_should_stop()) {
		ticks++;
		tick_dbg();
		msleep(10);
	}
	return 0;
}

int ticker_start(struct ticker *t)
{
	t->task = kthread_run(ticker_thread, t, "ticker");
	return PTR_ERR_OR_ZERO(t->task);
}

void ticker_stop(struct ticker *t)
{
	kthread_stop(t->task);
}
