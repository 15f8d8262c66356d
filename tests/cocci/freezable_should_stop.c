// SPDX-License-Identifier: GPL-2.0
/* Shape: while (!kthread_freezable_should_stop(NULL)). */
#include <linux/kthread.h>
#include <linux/freezer.h>

static int balloon_thread(void *data)
{
	struct balloon *b = data;

	set_freezable();
	while (!kthread_freezable_should_stop(NULL)) {
		balloon_adjust(b);
		schedule_timeout_interruptible(HZ);
	}
	return 0;
}

static int balloon_probe(struct balloon *b)
{
	b->thread = kthread_run(balloon_thread, b, "balloon");
	return PTR_ERR_OR_ZERO(b->thread);
}
