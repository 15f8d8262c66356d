// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: parking with code of its own around kthread_parkme(): only the plain `if (kthread_should_park()) kthread_parkme();` at the top of the loop leaves for the core.
 * Expect: refused: parks with custom code around kthread_parkme()
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
};

static void quiesce(struct dev *d);
static void resume(struct dev *d);
static void step(struct dev *d);

static int dev_thread(void *data)
{
	struct dev *d = data;

	while (!kthread_should_stop()) {
		if (kthread_should_park()) {
			quiesce(d);
			kthread_parkme();
			resume(d);
		}
		step(d);
		msleep(10);
	}
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
