// SPDX-License-Identifier: GPL-2.0
/* The stop check lives in a helper that wraps kthread_should_stop(). */
#include <linux/kthread.h>

static bool test_failed;

static bool bench_should_break(void)
{
	return test_failed || kthread_should_stop();
}

static int bench_thread(void *arg)
{
	while (!bench_should_break()) {
		bench_run_once();
		schedule_timeout_interruptible(HZ);
	}
	return 0;
}

void bench_start(void)
{
	kthread_run(bench_thread, NULL, "bench");
}
