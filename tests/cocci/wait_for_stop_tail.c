// SPDX-License-Identifier: GPL-2.0
/*
 * Work done once, then wait until kthread_stop(): directly in the thread
 * function, and through a helper like ring_buffer_benchmark's wait_to_die().
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

void selftest_start(void *data)
{
	kthread_run(selftest_thread, data, "selftest");
	kthread_run(loader_once, data, "loader");
}
