// SPDX-License-Identifier: GPL-2.0
/*
 * The thread function is chosen at run time through a local variable.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect fast_main: verdict auto; loop while-not-should-stop; line 18; stop kthread_should_stop
 * expect fast_main: exit none; locals none; freezer none; parking none; signals none; sleep none
 * expect fast_main: reason single while-not-should-stop loop left only through the stop check
 * expect slow_main: verdict auto; loop while-not-should-stop; line 25; stop kthread_should_stop
 * expect slow_main: exit none; locals none; freezer none; parking none; signals none; sleep msleep
 * expect slow_main: reason single while-not-should-stop loop left only through the stop check
 * expect create 38: kthread_run_on_cpu main other
 */
#include <linux/kthread.h>

static int fast_main(void *data)
{
	while (!kthread_should_stop())
		fast_sample(data);
	return 0;
}

static int slow_main(void *data)
{
	while (!kthread_should_stop()) {
		slow_sample(data);
		msleep(100);
	}
	return 0;
}

static int start_sampler(struct sampler *s, unsigned int cpu)
{
	int (*main)(void *) = slow_main;

	if (s->fast)
		main = fast_main;
	s->task = kthread_run_on_cpu(main, s, cpu, "sampler/%u");
	return PTR_ERR_OR_ZERO(s->task);
}
