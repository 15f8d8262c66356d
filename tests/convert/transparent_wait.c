// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: an infinite loop that first waits with kthread_should_stop() in the wait's
 *   condition, then checks it: the wait returns at once on a stop request and changes
 *   nothing (its other test only reads), so the core's check before it is the same; the
 *   wait and the check stay in func, the check's break only returns.  The code run on the
 *   stop check before the break moves to destroy (it is the loop's only way out).
 * Expect: converted
 * Result: func = { wait_event_interruptible(...); if (kthread_should_stop()) return;
 *   serve(s); }, destroy = { s->stopped = true; wake_up(&s->done); }; KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/wait.h>

struct server {
	struct task_struct *task;
	wait_queue_head_t wq;
	wait_queue_head_t done;
	atomic_t ready;
	bool stopped;
};

static void serve(struct server *s);

static int server_thread(void *data)
{
	struct server *s = data;

	while (1) {
		wait_event_interruptible(s->wq, atomic_read(&s->ready) ||
					 kthread_should_stop());
		if (kthread_should_stop()) {
			s->stopped = true;
			wake_up(&s->done);
			break;
		}
		serve(s);
	}
	return 0;
}

int server_start(struct server *s)
{
	s->task = kthread_run(server_thread, s, "server");
	return PTR_ERR_OR_ZERO(s->task);
}

void server_stop(struct server *s)
{
	kthread_stop(s->task);
}
