// SPDX-License-Identifier: GPL-2.0
/*
 * Shape: while (!kthread_freezable_should_stop(NULL)).
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect balloon_thread: verdict auto; loop freezable-should-stop; line 27
 * expect balloon_thread: stop kthread_freezable_should_stop; exit none; locals b
 * expect balloon_thread: freezer set_freezable, kthread_freezable_should_stop; parking none
 * expect balloon_thread: signals none; sleep schedule_timeout
 * expect balloon_thread: reason single freezable-should-stop loop left only through the stop check
 * expect refill_thread: verdict auto; loop freezable-should-stop; line 50
 * expect refill_thread: stop kthread_freezable_should_stop; exit none; locals b
 * expect refill_thread: freezer set_freezable, kthread_freezable_should_stop; parking none
 * expect refill_thread: signals none; sleep schedule_timeout; jumps break@52:3 stop
 * expect refill_thread: reason single freezable-should-stop loop left only through the stop check
 * expect create 36: kthread_run balloon_thread function
 * expect create 63: kthread_run refill_thread function
 */
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

/*
 * The same check as the exit of an infinite loop.  was_frozen is written by
 * the check in every iteration before it is read: not a persistent local.
 */
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
