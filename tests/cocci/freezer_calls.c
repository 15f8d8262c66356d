// SPDX-License-Identifier: GPL-2.0
/* Freezer: set_freezable(), try_to_freeze() and wait_event_freezable(). */
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
