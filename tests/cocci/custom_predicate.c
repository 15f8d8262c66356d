// SPDX-License-Identifier: GPL-2.0
/*
 * A custom stop predicate defined elsewhere (not a helper of this file).
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect mux_thread: verdict care; loop custom-stop-predicate; line 17; stop mux_should_stop
 * expect mux_thread: exit none; locals m; freezer none; parking none; signals none; sleep wait_event
 * expect mux_thread: reason stops on custom predicate 'mux_should_stop'
 * expect create 26: kthread_run mux_thread function
 */
#include <linux/kthread.h>

static int mux_thread(void *data)
{
	struct mux *m = data;

	while (!mux_should_stop(m)) {
		mux_dispatch(m);
		wait_event_idle(m->wq, mux_has_work(m) || mux_should_stop(m));
	}
	return 0;
}

void mux_start(struct mux *m)
{
	m->task = kthread_run(mux_thread, m, "mux");
}
