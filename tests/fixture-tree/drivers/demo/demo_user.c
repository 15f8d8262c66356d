// SPDX-License-Identifier: GPL-2.0
/*
 * Demo users: a counting thread started through demo_start_worker() and a
 * thread whose function comes from an ops table.
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct demo_ops {
	int (*threadfn)(void *data);
};

struct task_struct *demo_start_worker(int (*fn)(void *), void *data,
				      const char *name);

static int demo_count_thread(void *data)
{
	unsigned long count = 0;

	while (!kthread_should_stop()) {
		count++;
		if (count > 1000)
			break;
		msleep(10);
	}
	return count;
}

void demo_user_init(struct demo_ops *ops)
{
	demo_start_worker(demo_count_thread, NULL, "count");
	kthread_run(ops->threadfn, ops, "demo-ops");
}
