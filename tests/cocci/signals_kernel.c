// SPDX-License-Identifier: GPL-2.0
/*
 * allow_kernel_signal(), disallow_signal() and a bare schedule().
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect reclaimer: verdict care; loop while-not-should-stop; line 20; stop kthread_should_stop
 * expect reclaimer: exit none; locals host; freezer none; parking none; sleep schedule
 * expect reclaimer: signals allow_kernel_signal, disallow_signal
 * expect reclaimer: reason uses signals (allow_kernel_signal, disallow_signal)
 * expect create 30: kthread_run reclaimer function
 */
#include <linux/kthread.h>
#include <linux/signal.h>

static int reclaimer(void *ptr)
{
	struct host *host = ptr;

	allow_kernel_signal(SIGKILL);
	while (!kthread_should_stop()) {
		if (!host_reclaim(host))
			schedule();
	}
	disallow_signal(SIGKILL);
	return 0;
}

void reclaimer_start(struct host *host)
{
	kthread_run(reclaimer, host, "%s-reclaim", host->name);
}
