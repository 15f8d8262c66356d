// SPDX-License-Identifier: GPL-2.0
/*
 * A parameter named __unused, which spatch reads as an attribute: the
 * thread functions are found in the file text.  One is not static.
 */
#include <linux/kthread.h>

static int ds_thread(void *__unused)
{
	while (!kthread_should_stop()) {
		ds_process_queue();
		schedule_timeout_interruptible(HZ);
	}
	return 0;
}

int
env_thread(void *__unused)
{
	while (!kthread_should_stop()) {
		env_poll();
		msleep_interruptible(1000);
	}
	return 0;
}

void ds_start(void)
{
	kthread_run(ds_thread, NULL, "kldomd");
	kthread_run(env_thread, NULL, "kenvctrld");
}
