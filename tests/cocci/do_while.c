// SPDX-License-Identifier: GPL-2.0
/* Shape: do { ... } while (!kthread_should_stop()): body runs before the check. */
#include <linux/kthread.h>
#include <linux/delay.h>

static int flusher(void *data)
{
	struct flush_ctl *ctl = data;

	do {
		flush_pending(ctl);
		msleep_interruptible(100);
	} while (!kthread_should_stop());

	return 0;
}

int flusher_start(struct flush_ctl *ctl)
{
	ctl->task = kthread_run(flusher, ctl, "flusher");
	return IS_ERR(ctl->task) ? PTR_ERR(ctl->task) : 0;
}
