// SPDX-License-Identifier: GPL-2.0
/* An in-file wrapper that takes the thread function as a parameter. */
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
