// SPDX-License-Identifier: GPL-2.0
/* A break that leaves the loop besides the stop check: care. */
#include <linux/kthread.h>

static int uploader(void *data)
{
	struct upload *up = data;

	while (!kthread_should_stop()) {
		if (upload_chunk(up) < 0)
			break;
		cond_resched();
	}
	upload_finish(up);
	return 0;
}

void uploader_start(struct upload *up)
{
	up->task = kthread_run(uploader, up, "uploader");
}
