// SPDX-License-Identifier: GPL-2.0
/*
 * Loops built from a label and a backward goto: a loop with a stop check
 * inside (care), and one without (manual), like kthread_worker_fn() and
 * kjournald2().
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect pump_thread: verdict care; loop infinite-with-stop-check; line 27; stop kthread_should_stop
 * expect pump_thread: exit none; locals pump; freezer none; parking none; signals none
 * expect pump_thread: sleep set_current_state+schedule
 * expect pump_thread: loop_at 27:0; cond none; braces none; jumps return@31:2 stop
 * expect pump_thread: reason loops with a backward goto
 * expect journal_thread: verdict manual; loop infinite-without-stop-check; line 46; stop none
 * expect journal_thread: exit none; locals none; freezer none; parking none; signals none
 * expect journal_thread: sleep wait_event; static no
 * expect journal_thread: reason loops forever without a stop check
 * expect journal_thread: reason loops with a backward goto
 * expect create 63: kthread_run pump_thread function
 * expect create 64: kthread_run journal_thread function
 */
#include <linux/kthread.h>

static int pump_thread(void *data)
{
	struct pump *pump = data;

repeat:
	set_current_state(TASK_INTERRUPTIBLE);
	if (kthread_should_stop()) {
		__set_current_state(TASK_RUNNING);
		return 0;
	}
	if (pump_has_work(pump)) {
		__set_current_state(TASK_RUNNING);
		pump_run(pump);
	} else {
		schedule();
	}
	goto repeat;
}

int journal_thread(void *arg)
{
	struct journal *journal = arg;

loop:
	if (journal->unmount)
		goto end_loop;
	if (journal_commit_pending(journal)) {
		journal_commit(journal);
		goto loop;
	}
	wait_event_interruptible(journal->wait, journal_commit_pending(journal));
	goto loop;

end_loop:
	journal->task = NULL;
	return 0;
}

void pump_start(struct pump *pump, struct journal *journal)
{
	pump->task = kthread_run(pump_thread, pump, "pump");
	journal->task = kthread_run(journal_thread, journal, "journal");
}
