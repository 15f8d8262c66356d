// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a loop that can end on its own followed by a second stop-checked loop
 *   (max3421_spi_thread): after kthread_stop_current() kthread_should_stop() is true in
 *   destroy, so the second loop would never run.
 * Expect: refused: code after the loop tests the stop request and the loop can end on its own
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
};

static bool probe(struct dev *d);
static void serve(struct dev *d);

static int dev_thread(void *data)
{
	struct dev *d = data;

	while (!kthread_should_stop()) {
		if (probe(d))
			break;
		msleep(1000);
	}
	while (!kthread_should_stop()) {
		serve(d);
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
