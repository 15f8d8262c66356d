// SPDX-License-Identifier: GPL-2.0
/*
 * Freezer: set_freezable(), try_to_freeze() and wait_event_freezable().
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect scrub_thread: verdict auto; loop while-not-should-stop; line 20; stop kthread_should_stop
 * expect scrub_thread: exit none; locals sc; parking none; signals none; sleep wait_event
 * expect scrub_thread: freezer set_freezable, try_to_freeze, wait_event_freezable
 * expect scrub_thread: reason single while-not-should-stop loop left only through the stop check
 * expect create 30: kthread_run scrub_thread function
 */
#include <linux/kthread.h>
#include <linux/freezer.h>

static int scrub_thread(void *data)
{
	struct scrubber *sc = data;

	set_freezable();
	while (!kthread_should_stop()) {
		try_to_freeze();
		scrub_one(sc);
		wait_event_freezable(sc->wq, sc->todo || kthread_should_stop());
	}
	return 0;
}

void scrub_start(struct scrubber *sc)
{
	sc->task = kthread_run(scrub_thread, sc, "scrub");
}
