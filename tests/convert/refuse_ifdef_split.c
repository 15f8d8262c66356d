// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: an #ifdef around the loop header and the code before it: moving the code before the loop to init and the body to func would split the conditional.
 * Expect: refused: preprocessor conditional split by the move
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
};

static void step(struct dev *d);
static void prepare(struct dev *d);

static int dev_thread(void *data)
{
	struct dev *d = data;

#ifdef CONFIG_DEV_PREPARE
	prepare(d);
	while (!kthread_should_stop()) {
#else
	while (!kthread_should_stop()) {
#endif
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
