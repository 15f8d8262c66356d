// SPDX-License-Identifier: GPL-2.0
/* Signals without dequeue: allow_signal() + signal_pending() + flush_signals(). */
#include <linux/kthread.h>
#include <linux/signal.h>

static int raid_daemon(void *arg)
{
	struct raid_thread *t = arg;

	allow_signal(SIGKILL);
	while (!kthread_should_stop()) {
		if (signal_pending(current))
			flush_signals(current);
		wait_event_interruptible_timeout(t->wq, t->wakeup ||
						 kthread_should_stop(),
						 t->timeout);
		t->run(t);
	}
	return 0;
}

struct task_struct *raid_start(struct raid_thread *t)
{
	return kthread_run(raid_daemon, t, "raid_%s", t->name);
}
