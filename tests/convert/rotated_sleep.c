// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: an infinite loop whose stop check comes after a sleep: the statements before the
 *   check are rotated: they run once at the end of init and at the end of every func, so
 *   the core's stop check between iterations falls where the legacy check stood (the same
 *   calls in the same order).  The check's other test `|| timeleft` becomes the first
 *   statement of func; timeleft flows from the end of one call to the next: context.
 * Expect: converted
 * Result: init = { ctx->timeleft = msleep_interruptible(1000); return 0; }, func =
 *   { if (ctx->timeleft) { kthread_stop_current(); return; } adjust(f); ctx->timeleft =
 *   msleep_interruptible(1000); }; KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct fan {
	struct task_struct *task;
};

static void adjust(struct fan *f);

static int fan_thread(void *data)
{
	struct fan *f = data;
	unsigned long timeleft;

	for (;;) {
		timeleft = msleep_interruptible(1000);
		if (kthread_should_stop() || timeleft)
			break;
		adjust(f);
	}
	return 0;
}

int fan_start(struct fan *f)
{
	f->task = kthread_run(fan_thread, f, "fan");
	return PTR_ERR_OR_ZERO(f->task);
}

void fan_stop(struct fan *f)
{
	kthread_stop(f->task);
}
