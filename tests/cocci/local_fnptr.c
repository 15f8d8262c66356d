// SPDX-License-Identifier: GPL-2.0
/* The thread function is chosen at run time through a local variable. */
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
