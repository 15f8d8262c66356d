// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: the stop check runs code before leaving the loop, and the loop has another way out: in destroy that code would also run after the other exit.
 * Expect: refused: code run on the stop check cannot move to destroy
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
	bool quit;
};

static int step(struct dev *d);
static void announce(struct dev *d);

static int dev_thread(void *data)
{
	struct dev *d = data;

	for (;;) {
		if (kthread_should_stop()) {
			announce(d);
			break;
		}
		if (step(d) < 0)
			break;
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
