// SPDX-License-Identifier: GPL-2.0
/*
 * A wrapper whose thread-function parameter is declared void *: still a
 * wrapper, and its callers start the thread functions.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect poll_loop: verdict auto; loop while-not-should-stop; line 17; stop kthread_should_stop
 * expect poll_loop: exit none; locals none; freezer none; parking none; signals none; sleep none
 * expect poll_loop: reason single while-not-should-stop loop left only through the stop check
 * expect create 24: kthread_run fn param param 0
 * expect create 29: start_thread poll_loop function via start_thread
 */
#include <linux/kthread.h>

static int poll_loop(void *data)
{
	while (!kthread_should_stop())
		poll_once(data);
	return 0;
}

static struct task_struct *start_thread(void *fn, void *data, const char *name)
{
	return kthread_run(fn, data, "%s", name);
}

void poll_start(void *data)
{
	start_thread(poll_loop, data, "poll");
}
