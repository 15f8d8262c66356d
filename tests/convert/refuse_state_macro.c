// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a wait queue entry added before the loop and removed after it stays on the queue
 *   across iterations: a declaration macro cannot become a context field, so refused.
 * Expect: refused: local declared with a macro is used across iterations
 */
#include <linux/kthread.h>
#include <linux/wait.h>
#include <linux/sched.h>

static DECLARE_WAIT_QUEUE_HEAD(dev_wq);

struct dev {
	struct task_struct *task;
};

static void step(struct dev *d);

static int dev_thread(void *data)
{
	struct dev *d = data;
	DEFINE_WAIT_FUNC(wait, woken_wake_function);

	add_wait_queue(&dev_wq, &wait);
	while (!kthread_should_stop()) {
		step(d);
		wait_woken(&wait, TASK_INTERRUPTIBLE, MAX_SCHEDULE_TIMEOUT);
	}
	remove_wait_queue(&dev_wq, &wait);
	return 0;
}

int dev_start(struct dev *d)
{
	d->task = kthread_run(dev_thread, d, "dev");
	return PTR_ERR_OR_ZERO(d->task);
}

void dev_stop(struct dev *d)
{
	kthread_stop(d->task);
}
