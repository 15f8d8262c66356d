// SPDX-License-Identifier: GPL-2.0
/*
 * jffs2-like garbage collector: allows SIGKILL, SIGSTOP and SIGHUP, dequeues
 * them itself, leaves the loop with goto, and keeps a signal mask.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect gc_thread: verdict manual; loop infinite-with-stop-check; line 33; stop kthread_should_stop
 * expect gc_thread: exit goto; locals c, hupmask; freezer set_freezable, try_to_freeze
 * expect gc_thread: parking none; signals allow_signal, signal_pending, kernel_dequeue_signal
 * expect gc_thread: sleep schedule_timeout, set_current_state+schedule
 * expect gc_thread: loop_at 33:1; braces 33:10 65:1
 * expect gc_thread: jumps goto@43:3 stop, goto@57:4, goto@64:3
 * expect gc_thread: reason leaves the loop with goto die
 * expect gc_thread: reason dequeues signals itself (kernel_dequeue_signal)
 * expect gc_thread: reason sets up 'hupmask' before the loop
 * expect create 75: kthread_run gc_thread function
 */
#include <linux/kthread.h>
#include <linux/freezer.h>
#include <linux/sched/signal.h>

static int gc_thread(void *_c)
{
	struct gc_info *c = _c;
	sigset_t hupmask;

	siginitset(&hupmask, sigmask(SIGHUP));
	allow_signal(SIGKILL);
	allow_signal(SIGSTOP);
	allow_signal(SIGHUP);

	set_freezable();
	for (;;) {
		sigprocmask(SIG_UNBLOCK, &hupmask, NULL);
	again:
		if (!gc_should_wake(c)) {
			set_current_state(TASK_INTERRUPTIBLE);
			schedule();
		}
		schedule_timeout_interruptible(msecs_to_jiffies(50));

		if (kthread_should_stop())
			goto die;

		while (signal_pending(current) || freezing(current)) {
			unsigned long signr;

			if (try_to_freeze())
				goto again;

			signr = kernel_dequeue_signal();
			switch (signr) {
			case SIGSTOP:
				kernel_signal_stop();
				break;
			case SIGKILL:
				goto die;
			case SIGHUP:
				break;
			}
		}
		sigprocmask(SIG_BLOCK, &hupmask, NULL);
		if (gc_pass(c))
			goto die;
	}
die:
	c->gc_task = NULL;
	return 0;
}

int gc_start(struct gc_info *c)
{
	struct task_struct *tsk;

	tsk = kthread_run(gc_thread, c, "gc_%d", c->index);
	return PTR_ERR_OR_ZERO(tsk);
}
