// SPDX-License-Identifier: GPL-2.0
/*
 * Mutant-of: should_run
 * Mutation: KTI_INT_SLEEP without should_run: creation fails with -EINVAL (API v2)
 * Caught-by: stop-before-run
 * Original: stopped -4
 * Converted: create-failed -22
 */
#include <linux/kthread.h>
#include <linux/freezer.h>
#include <linux/wait.h>

struct job_queue {
	struct task_struct *task;
	wait_queue_head_t wq;
};

static bool pending_jobs(struct job_queue *q);
static void run_job(struct job_queue *q);

static void job_thread_func(void *data)
{
	struct job_queue *q = data;

	while (pending_jobs(q))
		run_job(q);
}

static const struct kthread_iterant job_thread_kti = {
	.type = KTI_INT_SLEEP,
	.func = job_thread_func,
};

int job_queue_start(struct job_queue *q)
{
	init_waitqueue_head(&q->wq);
	q->task = kthread_iterant_run(&job_thread_kti, q, "jobs");
	return PTR_ERR_OR_ZERO(q->task);
}
