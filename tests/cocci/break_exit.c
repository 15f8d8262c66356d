// SPDX-License-Identifier: GPL-2.0
/*
 * A break that leaves the loop besides the stop check: care.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect uploader: verdict care; loop while-not-should-stop; line 18; stop kthread_should_stop
 * expect uploader: exit break; locals up; freezer none; parking none; signals none; sleep none
 * expect uploader: loop_at 18:1; cond 18:8-18:30; braces 18:32 22:1; jumps break@20:3
 * expect uploader: reason leaves the loop with break
 * expect create 29: kthread_run uploader function
 */
#include <linux/kthread.h>

static int uploader(void *data)
{
	struct upload *up = data;

	while (!kthread_should_stop()) {
		if (upload_chunk(up) < 0)
			break;
		cond_resched();
	}
	upload_finish(up);
	return 0;
}

void uploader_start(struct upload *up)
{
	up->task = kthread_run(uploader, up, "uploader");
}
