// SPDX-License-Identifier: GPL-2.0
/*
 * Signals without dequeue: allow_signal() + signal_pending() + flush_signals().
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect raid_daemon: verdict care; loop while-not-should-stop; line 20; stop kthread_should_stop
 * expect raid_daemon: exit none; locals t; freezer none; parking none; sleep wait_event
 * expect raid_daemon: signals allow_signal, signal_pending, flush_signals
 * expect raid_daemon: reason uses signals (allow_signal, signal_pending, flush_signals)
 * expect create 33: kthread_run raid_daemon function
 */
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
