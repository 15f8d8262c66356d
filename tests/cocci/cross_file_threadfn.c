// SPDX-License-Identifier: GPL-2.0
/* Thread function started from cross_file_create.c. */
#include <linux/kthread.h>

int cross_threadfn(void *data)
{
	struct cross *c = data;

	while (!kthread_should_stop()) {
		cross_work(c);
		schedule_timeout_interruptible(HZ);
	}
	return 0;
}
