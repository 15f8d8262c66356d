// SPDX-License-Identifier: GPL-2.0
/* A loop hidden behind a macro defined in this file. */
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
