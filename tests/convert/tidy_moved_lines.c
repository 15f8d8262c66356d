// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: the lines the conversion moves are tidied as checkpatch --strict asks, whitespace
 *   and comment text only: a line ending with '(' is joined with the next and the rest of
 *   the call re-aligned, the && of a continuation goes to the end of the previous line, the
 *   space after a cast goes, a block comment's closing mark gets a line of its own.  The
 *   declaration of d, copied into func verbatim, is not touched (cast spacing kept).
 * Expect: converted
 * Result: func = { struct dev *d = (struct dev *) data; <blank>
 *   wait_event_interruptible(d->wq,\n<4 tabs, 1 space>d->ready || kthread_should_stop());
 *   if (d->ready &&\n<tab, 4 spaces>d->flags) work(d, (int)d->flags); comment ending with
 *   its closing mark on a line of its own; msleep(10); }; KTI_NONFREEZABLE; no init, no destroy.
 */
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/wait.h>

struct dev {
	struct task_struct *task;
	wait_queue_head_t wq;
	unsigned long flags;
	int ready;
};

static void work(struct dev *d, int n);

static int tidy_thread(void *data)
{
	struct dev *d = (struct dev *) data;

	while (!kthread_should_stop()) {
		wait_event_interruptible(
			d->wq,
			d->ready || kthread_should_stop());
		if (d->ready
		    && d->flags)
			work(d, (int) d->flags);
		/* the work is done,
		 * sleep a little */
		msleep(10);
	}
	return 0;
}

int tidy_start(struct dev *d)
{
	d->task = kthread_run(tidy_thread, d, "tidy");
	return PTR_ERR_OR_ZERO(d->task);
}

void tidy_stop(struct dev *d)
{
	kthread_stop(d->task);
}
