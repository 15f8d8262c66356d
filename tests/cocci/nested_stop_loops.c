// SPDX-License-Identifier: GPL-2.0
/*
 * Nested loops that both check kthread_should_stop(): manual.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect xmit_thread: verdict manual; loop while-not-should-stop; line 18; stop kthread_should_stop
 * expect xmit_thread: exit none; locals x; freezer none; parking none; signals none
 * expect xmit_thread: sleep set_current_state+schedule
 * expect xmit_thread: reason nested loop at line 19 also checks the stop condition
 * expect create 31: kthread_run xmit_thread function
 */
#include <linux/kthread.h>

static int xmit_thread(void *data)
{
	struct xmit *x = data;

	while (!kthread_should_stop()) {
		while (!kthread_should_stop() && xmit_queue_empty(x)) {
			set_current_state(TASK_INTERRUPTIBLE);
			schedule();
		}
		__set_current_state(TASK_RUNNING);
		xmit_one(x);
	}
	return 0;
}

void xmit_start(struct xmit *x)
{
	x->task = kthread_run(xmit_thread, x, "xmit");
}
