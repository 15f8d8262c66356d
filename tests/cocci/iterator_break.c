// SPDX-License-Identifier: GPL-2.0
/*
 * A break inside list_for_each_entry() (a header macro) stays in that loop.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect reaper_thread: verdict auto; loop while-not-should-stop; line 20; stop kthread_should_stop
 * expect reaper_thread: exit none; locals r; freezer none; parking none; signals none
 * expect reaper_thread: sleep wait_event; jumps none
 * expect reaper_thread: reason single while-not-should-stop loop left only through the stop check
 * expect create 35: kthread_run reaper_thread function
 */
#include <linux/kthread.h>
#include <linux/list.h>

static int reaper_thread(void *data)
{
	struct reaper *r = data;
	struct victim *v;

	while (!kthread_should_stop()) {
		spin_lock(&r->lock);
		list_for_each_entry(v, &r->victims, node) {
			if (victim_busy(v))
				break;
			victim_reap(v);
		}
		spin_unlock(&r->lock);
		wait_event_interruptible(r->wq, r->count || kthread_should_stop());
	}
	return 0;
}

void reaper_start(struct reaper *r)
{
	r->task = kthread_run(reaper_thread, r, "reaper");
}
