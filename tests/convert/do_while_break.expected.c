// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a do-while left with break: init runs the first iteration by calling func; when
 *   that first call breaks, kthread_stop_current() makes the core's first checkpoint stop
 *   (it tests the stop request before any func) and destroy runs, as the legacy code after
 *   the loop did.  The owner calls kthread_stop().
 * Expect: converted
 * Result: init = { dev_thread_func(data); return 0; }, func = { if (step(d) < 0) {
 *   kthread_stop_current(); return; } msleep(10); }; KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
};

static int step(struct dev *d);

static void dev_thread_func(void *data);

static int dev_thread_init(void *data)
{
	dev_thread_func(data);

	return 0;
}

static void dev_thread_func(void *data)
{
	struct dev *d = data;

	if (step(d) < 0) {
		kthread_stop_current();
		return;
	}
	msleep(10);
}

static const struct kthread_iterant dev_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.init = dev_thread_init,
	.func = dev_thread_func,
};

int dev_start(struct dev *d)
{
	d->task = kthread_iterant_run(&dev_thread_kti, d, "dev");
	return PTR_ERR_OR_ZERO(d->task);
}

void dev_stop(struct dev *d)
{
	kthread_stop(d->task);
}
