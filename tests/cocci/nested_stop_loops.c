// SPDX-License-Identifier: GPL-2.0
/* Nested loops that both check kthread_should_stop(): manual. */
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
