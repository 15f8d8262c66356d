// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a local declared before the loop and assigned before every use in an iteration
 *   moves into func; its declaration `unsigned n;` is written `unsigned int n;` there, as
 *   checkpatch --strict asks (UNSPECIFIED_INT: the same type), though the line is the
 *   legacy one; the round trip compares `unsigned` and `unsigned int` as one type.
 * Expect: converted
 * Result: func declares p and n; no init, no destroy; .type = KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/sched.h>

struct pump {
	struct task_struct *task;
};

static unsigned pump_count(struct pump *p);
static void pump_once(struct pump *p, unsigned n);

static int pump_thread(void *data)
{
	struct pump *p = data;
	unsigned n;

	while (!kthread_should_stop()) {
		n = pump_count(p);
		pump_once(p, n);
		schedule_timeout_interruptible(HZ);
	}

	return 0;
}

int pump_start(struct pump *p)
{
	p->task = kthread_run(pump_thread, p, "pump");
	return PTR_ERR_OR_ZERO(p->task);
}
