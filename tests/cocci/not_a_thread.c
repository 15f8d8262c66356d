// SPDX-License-Identifier: GPL-2.0
/*
 * int f(void *) functions that are not thread functions here: reported only
 * as facts (the driver may find a creation site in another file).  Stop
 * checks in comments and strings do not count: kthread_should_stop().
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect show_stats: verdict manual; loop one-shot; report no
 * expect for_each_cb: verdict manual; loop one-shot; report no
 */
#include <linux/kernel.h>

static int show_stats(void *data)
{
	struct stats *st = data;

	pr_info("kthread_should_stop() is not called here: %d\n", st->count);
	return 0;
}

static int for_each_cb(void *data)
{
	int *count = data;

	(*count)++;
	return 0;
}

int stats_dump(struct stats *st)
{
	int n = 0;

	walk_items(for_each_cb, &n);
	return show_stats(st) + n;
}
