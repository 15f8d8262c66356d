// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a static prototype of the thread function becomes a tentative definition of its
 *   description (the creation site above the definition keeps compiling); a kernel-doc
 *   comment above the thread function becomes a plain comment, since what it documents
 *   is gone.
 * Expect: converted
 * Result: `static const struct kthread_iterant logger_thread_kti;` where the prototype
 *   was; a plain comment, not kernel-doc, above the callbacks; KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct logger {
	struct task_struct *task;
};

static int logger_thread(void *data);
static void flush_log(struct logger *lg);

int logger_start(struct logger *lg)
{
	lg->task = kthread_run(logger_thread, lg, "logger");
	return PTR_ERR_OR_ZERO(lg->task);
}

void logger_stop(struct logger *lg)
{
	kthread_stop(lg->task);
}

/**
 * logger_thread() - flush the log every second
 * @data: the logger
 */
static int logger_thread(void *data)
{
	struct logger *lg = data;

	while (!kthread_should_stop()) {
		flush_log(lg);
		ssleep(1);
	}
	return 0;
}
