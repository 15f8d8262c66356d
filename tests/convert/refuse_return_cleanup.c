// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a return inside the loop that skips code after the loop: mapped like break, destroy would run that code.
 * Expect: refused: returns from the loop past code after it
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
};

static int step(struct dev *d);
static void cleanup(struct dev *d);

static int dev_thread(void *data)
{
	struct dev *d = data;

	while (!kthread_should_stop()) {
		if (step(d) < 0)
			return -EIO;
		msleep(10);
	}
	cleanup(d);
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
