// SPDX-License-Identifier: GPL-2.0
/*
 * Shape: do { ... } while (!kthread_should_stop()): body runs before the check.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect flusher: verdict care; loop do-while; line 19; stop kthread_should_stop
 * expect flusher: exit none; locals ctl; freezer none; parking none; signals none; sleep msleep
 * expect flusher: loop_at 19:1; cond 22:10-22:32; braces 19:4 22:1; do_while 22:3; jumps none
 * expect flusher: reason do-while loop: the body runs once before the first stop check
 * expect create 29: kthread_run flusher function
 */
#include <linux/kthread.h>
#include <linux/delay.h>

static int flusher(void *data)
{
	struct flush_ctl *ctl = data;

	do {
		flush_pending(ctl);
		msleep_interruptible(100);
	} while (!kthread_should_stop());

	return 0;
}

int flusher_start(struct flush_ctl *ctl)
{
	ctl->task = kthread_run(flusher, ctl, "flusher");
	return IS_ERR(ctl->task) ? PTR_ERR(ctl->task) : 0;
}
