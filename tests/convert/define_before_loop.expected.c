// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: before the loop only declarations (moving to func) and a #define (kauditd_thread):
 *   no init is made of the directive alone; it goes in front of the callbacks, still
 *   before its use.
 * Expect: converted
 * Result: `#define SEND_RETRIES 5` then func = { int rc; rc = send_all(a,
 *   SEND_RETRIES); if (rc < 0) msleep(100); }; KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct auditor {
	struct task_struct *task;
};

static int send_all(struct auditor *a, int retries);

#define SEND_RETRIES 5

static void auditor_thread_func(void *data)
{
	struct auditor *a = data;
	int rc;

	rc = send_all(a, SEND_RETRIES);
	if (rc < 0)
		msleep(100);
}

static const struct kthread_iterant auditor_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.func = auditor_thread_func,
};

int auditor_start(struct auditor *a)
{
	a->task = kthread_iterant_run(&auditor_thread_kti, a, "auditor");
	return PTR_ERR_OR_ZERO(a->task);
}

void auditor_stop(struct auditor *a)
{
	kthread_stop(a->task);
}
