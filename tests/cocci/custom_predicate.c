// SPDX-License-Identifier: GPL-2.0
/* A custom stop predicate defined elsewhere (not a helper of this file). */
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
