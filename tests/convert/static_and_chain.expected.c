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

struct stats_thread_ctx {
	unsigned long start;
};

static int stats_thread_init(void *data)
{
	struct stats_thread_ctx *ctx = kthread_iterant_ctx();

	ctx->start = read_clock();

	return 0;
}

static void stats_thread_func(void *data)
{
	struct dev *d = data;
	struct dev_stats *st = &d->stats;
	static int rounds = 1;

	st->sum += rounds++;
	msleep(100);
}

static void stats_thread_destroy(void *data)
{
	struct stats_thread_ctx *ctx = kthread_iterant_ctx();
	struct dev *d = data;
	struct dev_stats *st = &d->stats;

	report(st, ctx->start);
}

static const struct kthread_iterant stats_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.ctx_size = sizeof(struct stats_thread_ctx),
	.init = stats_thread_init,
	.func = stats_thread_func,
	.destroy = stats_thread_destroy,
};

int stats_start(struct dev *d)
{
	d->task = kthread_iterant_run(&stats_thread_kti, d, "stats");
	return PTR_ERR_OR_ZERO(d->task);
}

void stats_stop(struct dev *d)
{
	kthread_stop(d->task);
}
