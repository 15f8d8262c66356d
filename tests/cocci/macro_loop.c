// SPDX-License-Identifier: GPL-2.0
/*
 * A loop hidden behind a macro defined in this file.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect queue_thread: verdict care; loop while-not-should-stop; line 21; stop kthread_should_stop
 * expect queue_thread: exit none; locals q; freezer none; parking none; signals none
 * expect queue_thread: sleep wait_event; loop_at 21:1; cond 21:1-21:18; braces 21:19 24:1
 * expect queue_thread: reason the loop condition tests more than the stop check
 * expect create 30: kthread_run queue_thread function
 */
#include <linux/kthread.h>

#define for_each_round(q) while (!kthread_should_stop() && !(q)->dead)
#define QUEUE_RUN(q) queue_run_one(q)

static int queue_thread(void *data)
{
	struct queue *q = data;

	for_each_round(q) {
		QUEUE_RUN(q);
		wait_event_interruptible(q->wq, q->head || kthread_should_stop());
	}
	return 0;
}

void queue_start(struct queue *q)
{
	q->task = kthread_run(queue_thread, q, "queue");
}
