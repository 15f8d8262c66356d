// SPDX-License-Identifier: GPL-2.0
/* A stop check or-ed with another condition also leaves the loop early. */
#include <linux/kthread.h>

static int display_thread(void *data)
{
	struct display *disp = data;

	set_freezable();
	for (;;) {
		long timeout = schedule_timeout_interruptible(HZ);

		if (timeout == -ERESTARTSYS || kthread_should_stop())
			break;
		display_refresh(disp);
		try_to_freeze();
	}
	return 0;
}

int display_start(struct display *disp)
{
	disp->task = kthread_run(display_thread, disp, "display");
	return PTR_ERR_OR_ZERO(disp->task);
}
