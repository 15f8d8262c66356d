// SPDX-License-Identifier: GPL-2.0
/* A break inside list_for_each_entry() (a header macro) stays in that loop. */
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
