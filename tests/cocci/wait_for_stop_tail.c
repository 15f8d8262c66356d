// SPDX-License-Identifier: GPL-2.0
/*
 * Work done once, then wait until kthread_stop(): directly in the thread
 * function, through a helper like ring_buffer_benchmark's wait_to_die(),
 * and after a loop that can end early.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect selftest_thread: verdict manual; loop wait-for-stop-tail; line 43
 * expect selftest_thread: stop kthread_should_stop; exit none; locals none; freezer none
 * expect selftest_thread: parking none; signals none; sleep set_current_state+schedule
 * expect selftest_thread: reason does its work once, then waits for kthread_stop()
 * expect loader_once: verdict manual; loop wait-for-stop-tail; line 54
 * expect loader_once: stop kthread_should_stop; exit none; locals none; freezer none
 * expect loader_once: parking none; signals none; sleep set_current_state+schedule
 * expect loader_once: reason does its work once, then waits for kthread_stop() in 'wait_to_die'
 * expect producer_thread: verdict manual; loop while-not-should-stop; line 60
 * expect producer_thread: stop kthread_should_stop; exit break; locals none; freezer none
 * expect producer_thread: parking none; signals none; sleep none
 * expect producer_thread: reason waits for kthread_stop() after the loop
 * expect producer_thread: reason leaves the loop with break
 * expect create 72: kthread_run selftest_thread function
 * expect create 73: kthread_run loader_once function
 * expect create 74: kthread_run producer_thread function
 * expect stop_loop wait_to_die: waits
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
