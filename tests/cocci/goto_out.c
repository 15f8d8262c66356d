// SPDX-License-Identifier: GPL-2.0
/*
 * goto out of the loop to a cleanup label: manual.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect loader_thread: verdict manual; loop while-not-should-stop; line 21; stop kthread_should_stop
 * expect loader_thread: exit goto; locals ld, err; freezer none; parking none; signals none
 * expect loader_thread: sleep schedule_timeout; jumps goto@24:3
 * expect loader_thread: reason leaves the loop with goto out
 * expect loader_thread: reason uses 'err' after the loop
 * expect create 35: kthread_run loader_thread function
 */
#include <linux/kthread.h>
#include <linux/slab.h>

static int loader_thread(void *data)
{
	struct loader *ld = data;
	int err;

	while (!kthread_should_stop()) {
		err = loader_fetch(ld);
		if (err)
			goto out;
		schedule_timeout_interruptible(HZ);
	}
	return 0;
out:
	loader_report(ld, err);
	return err;
}

void loader_start(struct loader *ld)
{
	ld->task = kthread_run(loader_thread, ld, "loader");
}
