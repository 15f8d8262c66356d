// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: `return -EIO;` inside the loop when nothing but `return 0;` follows the loop maps
 *   like break (kthread_stop_current(); return;).  kthread_stop()'s result is not read,
 *   and the owner calls it, so the lost -EIO changes nothing.
 * Expect: converted
 * Result: func = { if (sample(s) < 0) { kthread_stop_current(); return; } msleep(100); };
 *   no destroy; KTI_NONFREEZABLE.
 * Harness: returns sample=0,0,-1
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct sensor {
	struct task_struct *task;
};

static int sample(struct sensor *s);

static void sensor_thread_func(void *data)
{
	struct sensor *s = data;

	if (sample(s) < 0) {
		kthread_stop_current();
		return;
	}
	msleep(100);
}

static const struct kthread_iterant sensor_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.func = sensor_thread_func,
};

int sensor_start(struct sensor *s)
{
	s->task = kthread_iterant_run(&sensor_thread_kti, s, "sensor");
	return PTR_ERR_OR_ZERO(s->task);
}

void sensor_stop(struct sensor *s)
{
	kthread_stop(s->task);
}
