// SPDX-License-Identifier: GPL-2.0
/* A per-CPU smpboot thread. */
#include <linux/smpboot.h>
#include <linux/percpu.h>

static DEFINE_PER_CPU(struct task_struct *, toy_task);

static int toy_should_run(unsigned int cpu)
{
	return 0;
}

static void toy_fn(unsigned int cpu)
{
}

static struct smp_hotplug_thread toy_threads = {
	.store			= &toy_task,
	.thread_should_run	= toy_should_run,
	.thread_fn		= toy_fn,
	.thread_comm		= "toy/%u",
};
