// SPDX-License-Identifier: GPL-2.0
/* A return from inside the loop: care. */
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
