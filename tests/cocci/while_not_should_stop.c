// SPDX-License-Identifier: GPL-2.0
/* Shape: while (!kthread_should_stop()), left only through the stop check. */
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
