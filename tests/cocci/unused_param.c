// SPDX-License-Identifier: GPL-2.0
/*
 * A parameter named __unused, which spatch reads as an attribute: the
 * thread functions are found in the file text.  One is not static.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect ds_thread: verdict auto; loop while-not-should-stop; line 22; stop kthread_should_stop
 * expect ds_thread: exit none; locals none; freezer none; parking none; signals none
 * expect ds_thread: sleep schedule_timeout; static yes
 * expect ds_thread: reason single while-not-should-stop loop left only through the stop check
 * expect env_thread: verdict auto; loop while-not-should-stop; line 32; stop kthread_should_stop
 * expect env_thread: exit none; locals none; freezer none; parking none; signals none
 * expect env_thread: sleep msleep; static no
 * expect env_thread: reason single while-not-should-stop loop left only through the stop check
 * expect create 41: kthread_run ds_thread function
 * expect create 42: kthread_run env_thread function
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
