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

static int auditor_thread(void *data)
{
	struct auditor *a = data;
	int rc;

#define SEND_RETRIES 5

	while (!kthread_should_stop()) {
		rc = send_all(a, SEND_RETRIES);
		if (rc < 0)
			msleep(100);
	}
	return 0;
}

int auditor_start(struct auditor *a)
{
	a->task = kthread_run(auditor_thread, a, "auditor");
	return PTR_ERR_OR_ZERO(a->task);
}

void auditor_stop(struct auditor *a)
{
	kthread_stop(a->task);
}
