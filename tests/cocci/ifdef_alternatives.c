// SPDX-License-Identifier: GPL-2.0
/*
 * A thread function defined twice under #ifdef/#else (two facts), and
 * preprocessor lines inside a loop body.
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
