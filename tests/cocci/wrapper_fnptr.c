// SPDX-License-Identifier: GPL-2.0
/*
 * An in-file wrapper that takes the thread function as a parameter.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect rx_loop: verdict auto; loop while-not-should-stop; line 20; stop kthread_should_stop
 * expect rx_loop: exit none; locals none; freezer none; parking none; signals none; sleep none
 * expect rx_loop: reason single while-not-should-stop loop left only through the stop check
 * expect tx_loop: verdict auto; loop while-not-should-stop; line 27; stop kthread_should_stop
 * expect tx_loop: exit none; locals none; freezer none; parking none; signals none; sleep none
 * expect tx_loop: reason single while-not-should-stop loop left only through the stop check
 * expect create 36: kthread_run fn param param 1
 * expect create 41: start_helper rx_loop function via start_helper
 * expect create 42: start_helper tx_loop function via start_helper
 */
#include <linux/kthread.h>

static int rx_loop(void *data)
{
	while (!kthread_should_stop())
		rx_poll(data);
	return 0;
}

static int tx_loop(void *data)
{
	while (!kthread_should_stop())
		tx_poll(data);
	return 0;
}

static struct task_struct *start_helper(struct link *l,
					int (*fn)(void *data),
					const char *name)
{
	return kthread_run(fn, l, "%s-%d", name, l->id);
}

void link_up(struct link *l)
{
	l->rx = start_helper(l, rx_loop, "rx");
	l->tx = start_helper(l, &tx_loop, "tx");
}
