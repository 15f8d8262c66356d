// SPDX-License-Identifier: GPL-2.0
/*
 * Parking: kthread_should_park() and kthread_parkme() make it manual.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect percpu_worker: verdict manual; loop while-not-should-stop; line 19
 * expect percpu_worker: stop kthread_should_stop; exit none; locals w; freezer none
 * expect percpu_worker: parking kthread_should_park, kthread_parkme; signals none
 * expect percpu_worker: sleep schedule_timeout; jumps continue@22:3
 * expect percpu_worker: reason parks (kthread_should_park, kthread_parkme)
 * expect create 32: kthread_create_on_cpu percpu_worker function
 */
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
