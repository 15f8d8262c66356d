// SPDX-License-Identifier: GPL-2.0
/*
 * Mutant-of: do_while
 * Mutation: the do-while's first iteration is lost (no init running func once)
 * Caught-by: stop-at-start
 * Original: call send_heartbeat(data)
 * Converted: end 0
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct heartbeat {
	struct task_struct *task;
};

static void send_heartbeat(struct heartbeat *h);

static void heartbeat_thread_func(void *data)
{
	struct heartbeat *h = data;

	send_heartbeat(h);
	msleep_interruptible(1000);
}

static const struct kthread_iterant heartbeat_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.func = heartbeat_thread_func,
};

int heartbeat_start(struct heartbeat *h)
{
	h->task = kthread_iterant_run(&heartbeat_thread_kti, h, "heartbeat");
	return PTR_ERR_OR_ZERO(h->task);
}
