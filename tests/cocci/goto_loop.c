// SPDX-License-Identifier: GPL-2.0
/*
 * Loops built from a label and a backward goto: a loop with a stop check
 * inside (care), and one without (manual), like kthread_worker_fn() and
 * kjournald2().
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
