// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a goto from the loop to a label inside an inner block after the loop (an indented label).
 * Expect: refused: goto out of the loop to a label other than right after it
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
	bool verbose;
};

static int step(struct dev *d);
static void report(struct dev *d);

static int dev_thread(void *data)
{
	struct dev *d = data;

	while (!kthread_should_stop()) {
		if (step(d) < 0)
			goto done;
		msleep(10);
	}
	if (d->verbose) {
done:
		report(d);
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
