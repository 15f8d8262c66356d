// SPDX-License-Identifier: GPL-2.0
/* Locals that live across iterations or are used after the loop. */
#include <linux/kthread.h>

static int backoff_thread(void *data)
{
	struct backoff *b = data;
	long timeout = HZ;
	unsigned int rounds = 0;
	int last_err = 0;
	int err;

	while (!kthread_should_stop()) {
		err = backoff_try(b);
		if (err) {
			last_err = err;
			timeout = min(timeout * 2, 60 * HZ);
		} else {
			timeout = HZ;
		}
		rounds++;
		timeout = schedule_timeout_interruptible(timeout);
	}
	pr_info("backoff: %u rounds, last error %d\n", rounds, last_err);
	return 0;
}

void backoff_start(struct backoff *b)
{
	b->task = kthread_run(backoff_thread, b, "backoff");
}
