// SPDX-License-Identifier: GPL-2.0
/*
 * smpboot threads: the smpboot core owns the loop.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect smpboot 22: demo_threads demo_run demo/%u
 */
#include <linux/smpboot.h>

static DEFINE_PER_CPU(struct task_struct *, demo_task);

static int demo_should_run(unsigned int cpu)
{
	return demo_pending(cpu);
}

static void demo_run(unsigned int cpu)
{
	demo_do_work(cpu);
}

static struct smp_hotplug_thread demo_threads = {
	.store			= &demo_task,
	.thread_should_run	= demo_should_run,
	.thread_fn		= demo_run,
	.thread_comm		= "demo/%u",
};

static int __init demo_init(void)
{
	return smpboot_register_percpu_thread(&demo_threads);
}
