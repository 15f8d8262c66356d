// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: kthread_freezable_should_stop(&was_frozen) whose was_frozen the body reads: the core freezes instead and nothing would set it.
 * Expect: refused: reads was_frozen of kthread_freezable_should_stop()
 */
#include <linux/kthread.h>
#include <linux/freezer.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
};

static void resync(struct dev *d);
static void step(struct dev *d);

static int dev_thread(void *data)
{
	struct dev *d = data;
	bool was_frozen;

	set_freezable();
	while (!kthread_freezable_should_stop(&was_frozen)) {
		if (was_frozen)
			resync(d);
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
