// SPDX-License-Identifier: GPL-2.0
/*
 * A thread function defined twice under #ifdef/#else (two facts), and
 * preprocessor lines inside a loop body.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect timer_main@19: verdict auto; loop while-not-should-stop; line 21
 * expect timer_main@19: stop kthread_should_stop; exit none; locals none; freezer none
 * expect timer_main@19: parking none; signals none; sleep schedule_timeout
 * expect timer_main@19: reason single while-not-should-stop loop left only through the stop check
 * expect timer_main@32: verdict manual; loop one-shot; line none; stop none
 * expect timer_main@32: exit none; locals none; freezer none; parking none; signals none
 * expect timer_main@32: reason no stop loop: the thread runs once and returns
 * expect create 40: kthread_run timer_main function
 */
#include <linux/kthread.h>

#ifdef CONFIG_DEMO_TIMER
static int timer_main(void *data)
{
	while (!kthread_should_stop()) {
#ifdef CONFIG_DEMO_TRACE
		demo_trace(data);
#else
		demo_count(data);
#endif
		schedule_timeout_interruptible(1);
	}
	return 0;
}
#else
static int timer_main(void *data)
{
	return 0;
}
#endif

void timer_start(void *data)
{
	kthread_run(timer_main, data, "timer_main");
}
