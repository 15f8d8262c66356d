// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: the thread function is started through a wrapper that takes the function as a parameter: the wrapper and every thread function passed to it would have to change together.
 * Expect: refused: created through a wrapper
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
};

static void step(struct dev *d);

static int dev_thread(void *data)
{
	struct dev *d = data;

	while (!kthread_should_stop()) {
		step(d);
		msleep(10);
	}
	return 0;
}

static int start_named(struct dev *d, int (*fn)(void *data), const char *name)
{
	d->task = kthread_run(fn, d, "%s", name);
	return PTR_ERR_OR_ZERO(d->task);
}

int dev_start(struct dev *d)
{
	return start_named(d, dev_thread, "dev");
}

void dev_stop(struct dev *d)
{
	kthread_stop(d->task);
}
