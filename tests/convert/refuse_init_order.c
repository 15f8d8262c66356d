// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a local carried across iterations moves to the context and its initializer
 *   becomes an assignment after the declarations of init; a later declaration that reads
 *   it ('b = a + 1') would then read the field before it is set.
 * Expect: refused: local cannot move to the per-thread context
 */
#include <linux/kthread.h>

struct dev {
	struct task_struct *task;
};

static void use(int v);

static int dev_thread(void *data)
{
	struct dev *d = data;
	int a = 5;
	int b = a + 1;

	use(b);
	while (!kthread_should_stop()) {
		use(a);
		a++;
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
