// SPDX-License-Identifier: GPL-2.0
/*
 * A return from inside the loop: care.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect watcher: verdict care; loop while-not-should-stop; line 18; stop kthread_should_stop
 * expect watcher: exit return; locals w; freezer none; parking none; signals none
 * expect watcher: sleep schedule_timeout; jumps return@20:3
 * expect watcher: reason returns from inside the loop
 * expect create 29: kthread_run watcher function
 */
#include <linux/kthread.h>

static int watcher(void *data)
{
	struct watch *w = data;

	while (!kthread_should_stop()) {
		if (watch_device_gone(w))
			return -ENODEV;
		watch_poll(w);
		schedule_timeout_interruptible(HZ / 2);
	}
	return 0;
}

void watcher_start(struct watch *w)
{
	w->task = kthread_run(watcher, w, "watcher");
}
