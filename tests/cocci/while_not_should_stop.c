// SPDX-License-Identifier: GPL-2.0
/*
 * Shape: while (!kthread_should_stop()), left only through the stop check.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect demo_thread: verdict auto; loop while-not-should-stop; line 24; stop kthread_should_stop
 * expect demo_thread: exit none; locals dev; freezer none; parking none; signals none
 * expect demo_thread: sleep wait_event
 * expect demo_thread: reason single while-not-should-stop loop left only through the stop check
 * expect create 34: kthread_run demo_thread function
 */
#include <linux/kthread.h>

struct demo_dev {
	struct task_struct *task;
	wait_queue_head_t wq;
	unsigned long pending;
};

static int demo_thread(void *data)
{
	struct demo_dev *dev = data;

	while (!kthread_should_stop()) {
		demo_process(dev);
		wait_event_interruptible(dev->wq, dev->pending ||
					 kthread_should_stop());
	}
	return 0;
}

int demo_start(struct demo_dev *dev)
{
	dev->task = kthread_run(demo_thread, dev, "demo");
	return PTR_ERR_OR_ZERO(dev->task);
}
