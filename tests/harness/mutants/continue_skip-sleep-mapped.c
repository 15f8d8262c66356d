// SPDX-License-Identifier: GPL-2.0
/*
 * Mutant-of: continue_skip
 * Mutation: the last sleep becomes KTI_INT_SLEEP_TIMEOUT although the continue path skipped
 *   it: that path now sleeps twice
 * Caught-by: run-to-end
 * Original: sleep interruptible 250 -> timeout
 * Converted: sleep interruptible 250 -> timeout; sleep interruptible 50 -> timeout
 */
#include <linux/kthread.h>
#include <linux/sched.h>

struct flusher {
	struct task_struct *task;
};

static int dirty_pages(struct flusher *f);
static void flush_pages(struct flusher *f);

static void flusher_thread_func(void *data)
{
	struct flusher *f = data;

	if (!dirty_pages(f)) {
		schedule_timeout_interruptible(HZ);
		return;
	}
	flush_pages(f);
}

static const struct kthread_iterant flusher_thread_kti = {
	.type = KTI_NONFREEZABLE | KTI_INT_SLEEP_TIMEOUT,
	.timeout = HZ / 5,
	.func = flusher_thread_func,
};

int flusher_start(struct flusher *f)
{
	f->task = kthread_iterant_run(&flusher_thread_kti, f, "flusher");
	return PTR_ERR_OR_ZERO(f->task);
}
