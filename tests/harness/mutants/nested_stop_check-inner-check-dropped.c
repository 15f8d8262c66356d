// SPDX-License-Identifier: GPL-2.0
/*
 * Mutant-of: nested_stop_check
 * Mutation: the stop check of the nested wait loop is dropped
 * Caught-by: stop-in-sleep-1
 * Original: end 0
 * Converted: call device_ready(data) = 1
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct device_poller {
	struct task_struct *task;
};

static bool device_ready(struct device_poller *d);
static void process(struct device_poller *d);

static void device_poller_thread_func(void *data)
{
	struct device_poller *d = data;

	while (!device_ready(d))
		msleep(20);
	process(d);
}

static const struct kthread_iterant device_poller_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.func = device_poller_thread_func,
};

int device_poller_start(struct device_poller *d)
{
	d->task = kthread_iterant_run(&device_poller_thread_kti, d, "devpoll");
	return PTR_ERR_OR_ZERO(d->task);
}
