// SPDX-License-Identifier: GPL-2.0
/* allow_kernel_signal(), disallow_signal() and a bare schedule(). */
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
