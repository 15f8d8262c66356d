// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a break inside a switch and a break or continue inside an inner loop belong to
 *   them, not to the main loop: they stay.  A second stop check inside a nested wait loop
 *   keeps its meaning (kthread_should_stop() stays true once kthread_stop() was called):
 *   it stays as written.
 * Expect: converted
 * Result: func = the body unchanged but for one tab of indentation; KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct ctl {
	struct task_struct *task;
	int state;
};

static int ctl_poll(struct ctl *c);
static void ctl_reset(struct ctl *c);

static void ctl_thread_func(void *data)
{
	struct ctl *c = data;
	int i;

	switch (ctl_poll(c)) {
	case 0:
		break;
	case 1:
		ctl_reset(c);
		break;
	default:
		return;
	}
	for (i = 0; i < 10; i++) {
		if (c->state)
			break;
		msleep(10);
	}
	while (!c->state && !kthread_should_stop())
		msleep(10);
}

static const struct kthread_iterant ctl_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.func = ctl_thread_func,
};

int ctl_start(struct ctl *c)
{
	c->task = kthread_iterant_run(&ctl_thread_kti, c, "ctl");
	return PTR_ERR_OR_ZERO(c->task);
}

void ctl_stop(struct ctl *c)
{
	kthread_stop(c->task);
}
