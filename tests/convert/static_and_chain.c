// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a static local used by one callback stays static there, with its initializer;
 *   a local holding an address computed from the argument without reading memory
 *   (&d->stats) is repeated like the argument itself; a local set from a call before the
 *   loop and only read after it is a context field (its value is from the start).
 * Expect: converted
 * Result: struct stats_thread_ctx { unsigned long start; }; init = { ctx->start =
 *   read_clock(); return 0; }, func = { struct dev_stats *st = &d->stats; static int
 *   rounds = 1; ... }, destroy = { ...; report(st, ctx->start); }; KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct dev_stats {
	unsigned long sum;
};

struct dev {
	struct task_struct *task;
	struct dev_stats stats;
};

static unsigned long read_clock(void);
static void report(struct dev_stats *st, unsigned long since);

static int stats_thread(void *data)
{
	struct dev *d = data;
	struct dev_stats *st = &d->stats;
	unsigned long start = read_clock();
	static int rounds = 1;

	while (!kthread_should_stop()) {
		st->sum += rounds++;
		msleep(100);
	}
	report(st, start);
	return 0;
}

int stats_start(struct dev *d)
{
	d->task = kthread_run(stats_thread, d, "stats");
	return PTR_ERR_OR_ZERO(d->task);
}

void stats_stop(struct dev *d)
{
	kthread_stop(d->task);
}
