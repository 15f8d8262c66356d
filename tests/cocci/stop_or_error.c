// SPDX-License-Identifier: GPL-2.0
/*
 * A stop check or-ed with another condition also leaves the loop early.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect display_thread: verdict care; loop infinite-with-stop-check; line 20
 * expect display_thread: stop kthread_should_stop; exit break; locals disp
 * expect display_thread: freezer set_freezable, try_to_freeze; parking none; signals none
 * expect display_thread: sleep schedule_timeout; jumps break@24:3
 * expect display_thread: reason leaves the loop with break
 * expect create 33: kthread_run display_thread function
 */
#include <linux/kthread.h>

static int display_thread(void *data)
{
	struct display *disp = data;

	set_freezable();
	for (;;) {
		long timeout = schedule_timeout_interruptible(HZ);

		if (timeout == -ERESTARTSYS || kthread_should_stop())
			break;
		display_refresh(disp);
		try_to_freeze();
	}
	return 0;
}

int display_start(struct display *disp)
{
	disp->task = kthread_run(display_thread, disp, "display");
	return PTR_ERR_OR_ZERO(disp->task);
}
