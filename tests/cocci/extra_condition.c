// SPDX-License-Identifier: GPL-2.0
/*
 * A loop condition that tests more than the stop check: care.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect drain_thread: verdict care; loop while-not-should-stop; line 18; stop kthread_should_stop
 * expect drain_thread: exit none; locals d; freezer none; parking none; signals none
 * expect drain_thread: sleep schedule_timeout
 * expect drain_thread: reason the loop condition tests more than the stop check
 * expect create 27: kthread_run drain_thread function
 */
#include <linux/kthread.h>

static int drain_thread(void *data)
{
	struct drain *d = data;

	while (!kthread_should_stop() && !d->dead) {
		drain_some(d);
		schedule_timeout_uninterruptible(1);
	}
	return 0;
}

void drain_start(struct drain *d)
{
	d->task = kthread_run(drain_thread, d, "drain");
}
