// SPDX-License-Identifier: GPL-2.0
/*
 * A thread that loops forever and never checks kthread_should_stop().
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect gp_kthread: verdict manual; loop infinite-without-stop-check; line 16; stop none
 * expect gp_kthread: exit none; locals none; freezer none; parking none; signals none
 * expect gp_kthread: sleep wait_event
 * expect gp_kthread: reason loops forever without a stop check
 * expect create 27: kthread_create gp_kthread function
 */
#include <linux/kthread.h>

static int gp_kthread(void *unused)
{
	for (;;) {
		wait_event_idle(gp_wq, gp_requested());
		gp_run();
	}
	return 0;
}

static int __init gp_init(void)
{
	struct task_struct *t;

	t = kthread_create(gp_kthread, NULL, "gp_kthread");
	if (IS_ERR(t))
		return PTR_ERR(t);
	wake_up_process(t);
	return 0;
}
