// SPDX-License-Identifier: GPL-2.0
/* goto out of the loop to a cleanup label: manual. */
#include <linux/kthread.h>
#include <linux/slab.h>

static int loader_thread(void *data)
{
	struct loader *ld = data;
	int err;

	while (!kthread_should_stop()) {
		err = loader_fetch(ld);
		if (err)
			goto out;
		schedule_timeout_interruptible(HZ);
	}
	return 0;
out:
	loader_report(ld, err);
	return err;
}

void loader_start(struct loader *ld)
{
	ld->task = kthread_run(loader_thread, ld, "loader");
}
