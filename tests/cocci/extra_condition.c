// SPDX-License-Identifier: GPL-2.0
/* A loop condition that tests more than the stop check: care. */
#include <linux/kthread.h>

static int drain_thread(void *data)
{
	struct drain *d = data;

	while (!kthread_should_stop() && !d->dead) {
		drain_some(d);
		schedule_timeout_uninterruptible(1);
	}
	return 0;
}

void drain_start(struct drain *d)
{
	d->task = kthread_run(drain_thread, d, "drain");
}
