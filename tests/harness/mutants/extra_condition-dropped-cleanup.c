// SPDX-License-Identifier: GPL-2.0
/*
 * Mutant-of: extra_condition
 * Mutation: the statement after the loop is dropped (no destroy)
 * Caught-by: run-to-end
 * Original: call cleanup(data)
 * Converted: end 0
 */
#include <linux/kthread.h>
#include <linux/sched.h>

struct servicer {
	struct task_struct *task;
};

static bool device_gone(struct servicer *d);
static void service(struct servicer *d);

static void servicer_thread_func(void *data)
{
	struct servicer *d = data;

	if (device_gone(d)) {
		kthread_stop_current();
		return;
	}
	service(d);
}

static const struct kthread_iterant servicer_thread_kti = {
	.type = KTI_NONFREEZABLE | KTI_INT_SLEEP_TIMEOUT,
	.timeout = HZ,
	.func = servicer_thread_func,
};

int servicer_start(struct servicer *d)
{
	d->task = kthread_iterant_run(&servicer_thread_kti, d, "servicer");
	return PTR_ERR_OR_ZERO(d->task);
}
