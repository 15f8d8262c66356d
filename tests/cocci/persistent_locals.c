// SPDX-License-Identifier: GPL-2.0
/*
 * Locals that live across iterations or are used after the loop.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect backoff_thread: verdict care; loop while-not-should-stop; line 26
 * expect backoff_thread: stop kthread_should_stop; exit none
 * expect backoff_thread: locals b, timeout, rounds, last_err; freezer none; parking none
 * expect backoff_thread: signals none; sleep schedule_timeout
 * expect backoff_thread: loop_at 26:1; braces 26:32 36:1; jumps none
 * expect backoff_thread: reason keeps 'timeout' across iterations
 * expect backoff_thread: reason keeps 'rounds' across iterations
 * expect backoff_thread: reason uses 'last_err' after the loop
 * expect create 43: kthread_run backoff_thread function
 */
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
