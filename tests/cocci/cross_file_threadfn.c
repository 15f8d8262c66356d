// SPDX-License-Identifier: GPL-2.0
/*
 * Thread function started from cross_file_create.c.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect cross_threadfn: verdict auto; loop while-not-should-stop; line 17; stop kthread_should_stop
 * expect cross_threadfn: exit none; locals c; freezer none; parking none; signals none
 * expect cross_threadfn: sleep schedule_timeout; static no
 * expect cross_threadfn: reason single while-not-should-stop loop left only through the stop check
 */
#include <linux/kthread.h>

int cross_threadfn(void *data)
{
	struct cross *c = data;

	while (!kthread_should_stop()) {
		cross_work(c);
		schedule_timeout_interruptible(HZ);
	}
	return 0;
}
