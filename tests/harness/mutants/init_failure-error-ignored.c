// SPDX-License-Identifier: GPL-2.0
/*
 * Mutant-of: init_failure
 * Mutation: init ignores the error of the setup and returns 0
 * Caught-by: run-to-end
 * Original: end -12
 * Converted: call do_job(data)
 */
#include <linux/kthread.h>
#include <linux/sched.h>

struct worker {
	struct task_struct *task;
};

static int worker_setup(struct worker *w);
static void do_job(struct worker *w);
static void worker_teardown(struct worker *w);

static int worker_thread_init(void *data)
{
	struct worker *w = data;

	worker_setup(w);
	return 0;
}

static void worker_thread_func(void *data)
{
	struct worker *w = data;

	do_job(w);
}

static void worker_thread_destroy(void *data)
{
	struct worker *w = data;

	worker_teardown(w);
}

static const struct kthread_iterant worker_thread_kti = {
	.type = KTI_NONFREEZABLE | KTI_INT_SLEEP_TIMEOUT,
	.timeout = HZ,
	.init = worker_thread_init,
	.func = worker_thread_func,
	.destroy = worker_thread_destroy,
};

int worker_start(struct worker *w)
{
	w->task = kthread_iterant_run(&worker_thread_kti, w, "worker");
	return PTR_ERR_OR_ZERO(w->task);
}
