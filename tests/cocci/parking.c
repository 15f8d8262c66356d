// SPDX-License-Identifier: GPL-2.0
/* Parking: kthread_should_park() and kthread_parkme() make it manual. */
#include <linux/kthread.h>

static int percpu_worker(void *arg)
{
	struct worker *w = arg;

	while (!kthread_should_stop()) {
		if (kthread_should_park()) {
			kthread_parkme();
			continue;
		}
		worker_run(w);
		schedule_timeout_idle(HZ / 10);
	}
	return 0;
}

int worker_create(struct worker *w, unsigned int cpu)
{
	w->task = kthread_create_on_cpu(percpu_worker, w, cpu, "worker/%u");
	return PTR_ERR_OR_ZERO(w->task);
}
