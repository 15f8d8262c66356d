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

/* The same check as the exit of an infinite loop, with was_frozen kept. */
static int refill_thread(void *data)
{
	struct balloon *b = data;
	bool was_frozen;

	set_freezable();
	for (;;) {
		if (kthread_freezable_should_stop(&was_frozen))
			break;
		if (was_frozen)
			balloon_resync(b);
		balloon_refill(b);
		schedule_timeout_interruptible(HZ);
	}
	return 0;
}

static int refill_probe(struct balloon *b)
{
	b->refill = kthread_run(refill_thread, b, "balloon-refill");
	return PTR_ERR_OR_ZERO(b->refill);
}
