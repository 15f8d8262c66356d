// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: an unbraced `break` arm of an if/else: the exit needs two statements, so the arm
 *   gets braces, and so does the other arm (braces on all arms).
 * Expect: converted
 * Result: func = { if (next_job(w) < 0) { kthread_stop_current(); return; } else {
 *   run_job(w); } }; KTI_NONFREEZABLE.
 * Harness: returns next_job=0,0,-1
 */
#include <linux/kthread.h>

struct worker {
	struct task_struct *task;
};

static int next_job(struct worker *w);
static void run_job(struct worker *w);

static int worker_thread(void *data)
{
	struct worker *w = data;

	while (!kthread_should_stop()) {
		if (next_job(w) < 0)
			break;
		else
			run_job(w);
	}
	return 0;
}

int worker_start(struct worker *w)
{
	w->task = kthread_run(worker_thread, w, "worker");
	return PTR_ERR_OR_ZERO(w->task);
}

void worker_stop(struct worker *w)
{
	kthread_stop(w->task);
}
