// SPDX-License-Identifier: GPL-2.0
/*
 * The stop check lives in a helper that wraps kthread_should_stop().
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect stop_helper bench_should_break
 * expect bench_thread: verdict manual; loop stop-in-helper; line 24; stop bench_should_break
 * expect bench_thread: exit none; locals none; freezer none; parking none; signals none
 * expect bench_thread: sleep schedule_timeout
 * expect bench_thread: reason stops through helper 'bench_should_break'
 * expect create 33: kthread_run bench_thread function
 */
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
