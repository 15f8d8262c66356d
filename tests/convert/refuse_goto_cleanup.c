// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: an error goto from the loop into cleanup code after it that is not the code right after the loop: not a break.
 * Expect: refused: goto out of the loop to a label other than right after it
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
};

static int step(struct dev *d);
static void log_stop(struct dev *d);
static void cleanup(struct dev *d);

static int dev_thread(void *data)
{
	struct dev *d = data;

	while (!kthread_should_stop()) {
		if (step(d) < 0)
			goto fail;
		msleep(10);
	}
	log_stop(d);
	return 0;
fail:
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
