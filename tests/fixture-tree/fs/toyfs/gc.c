// SPDX-License-Identifier: GPL-2.0
/* toyfs garbage collector thread: freezable, takes signals, leaves by goto. */
#include <linux/kthread.h>
#include <linux/freezer.h>
#include <linux/signal.h>

int toyfs_gc_thread(void *data)
{
	set_freezable();
	allow_signal(SIGKILL);
	for (;;) {
		if (kthread_should_stop())
			goto die;
		if (try_to_freeze())
			continue;
		if (signal_pending(current))
			goto die;
		schedule_timeout_interruptible(HZ);
	}
die:
	return 0;
}
