// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: the thread function reaches its creation site only through a local
 *   function-pointer variable: no creation site names it, so there is none to rewrite and
 *   the conversion refuses (the variable would need the description's type).
 * Expect: refused: no creation site to rewrite
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
	bool fast;
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

int dev_start(struct dev *d)
{
	int (*fn)(void *data) = dev_thread;

	d->task = kthread_run(fn, d, "dev");
	return PTR_ERR_OR_ZERO(d->task);
}

void dev_stop(struct dev *d)
{
	kthread_stop(d->task);
}
