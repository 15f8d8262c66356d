// SPDX-License-Identifier: GPL-2.0
#include <linux/kthread.h>
#include <linux/sched.h>

bool torture_must_stop(void);
static void force_qs(void);
static struct task_struct *fqs_task;

static int fqs_thread(void *arg)
{
	unsigned long resume;

	do {
		resume = jiffies + HZ;
		while (time_before(jiffies, resume) && !kthread_should_stop())
			schedule_timeout_interruptible(HZ / 20);
		force_qs();
	} while (!torture_must_stop());
	return 0;
}

int fqs_start(void)
{
	fqs_task = kthread_run(fqs_thread, NULL, "fqs");
	return PTR_ERR_OR_ZERO(fqs_task);
}

void fqs_stop(void)
{
	kthread_stop(fqs_task);
}
