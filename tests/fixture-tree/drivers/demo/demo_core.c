// SPDX-License-Identifier: GPL-2.0
/*
 * Demo driver core: one plain polling thread and a helper that starts
 * threads for the other demo files.  Comments that mention
 * kthread_run(demo_poll, ...) are not calls.
 */
#include <linux/kthread.h>
#include <linux/sched.h>

static struct task_struct *demo_task;

void demo_read_sensor(void *data);

static int demo_poll(void *data)
{
	while (!kthread_should_stop()) {
		demo_read_sensor(data);
		schedule_timeout_interruptible(HZ);
	}
	return 0;
}

struct task_struct *demo_start_worker(int (*fn)(void *), void *data,
				      const char *name)
{
	return kthread_run(fn, data, "demo-%s", name);
}

int demo_init(void)
{
	demo_task = kthread_run(demo_poll, NULL, "demo_poll");
#if 0
	demo_task = kthread_run(demo_old_poll, NULL, "demo_old");
#endif
	return PTR_ERR_OR_ZERO(demo_task);
}
