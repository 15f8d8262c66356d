// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a thread that leaves its loop on its own while its owner never calls kthread_stop() (ps3_probe_thread clears its task pointer instead): an iterant kthread would wait for kthread_stop() forever.
 * Expect: refused: ends on its own and its owner never calls kthread_stop()
 */
#include <linux/kthread.h>
#include <linux/delay.h>

static struct task_struct *probe_task;

static int probe_once(void);

static int probe_thread(void *data)
{
	while (!kthread_should_stop()) {
		if (probe_once() == 0)
			break;
		msleep(1000);
	}
	probe_task = NULL;
	return 0;
}

int probe_start(void)
{
	probe_task = kthread_run(probe_thread, NULL, "probe");
	return PTR_ERR_OR_ZERO(probe_task);
}
