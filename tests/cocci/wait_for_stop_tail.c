// SPDX-License-Identifier: GPL-2.0
/*
 * Work done once, then wait until kthread_stop(): directly in the thread
 * function, through a helper like ring_buffer_benchmark's wait_to_die(),
 * and after a loop that can end early.
 */
#include <linux/kthread.h>

static void wait_to_die(void)
{
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
}

static int selftest_thread(void *data)
{
	selftest_run(data);

	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

static int loader_once(void *data)
{
	loader_load(data);
	wait_to_die();
	return 0;
}

static int producer_thread(void *data)
{
	while (!kthread_should_stop()) {
		if (producer_fill(data) < 0)
			break;
		cond_resched();
	}
	if (!kthread_should_stop())
		wait_to_die();
	return 0;
}

void selftest_start(void *data)
{
	kthread_run(selftest_thread, data, "selftest");
	kthread_run(loader_once, data, "loader");
	kthread_run(producer_thread, data, "producer");
}
