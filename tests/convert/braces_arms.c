// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: the braces of an if/else chain on moved lines go on all arms or none, as
 *   checkpatch --strict asks (BRACES): an unbraced arm of a chain with a longer arm gets
 *   braces, a chain of braced one-statement arms loses them.  An arm holding an if keeps
 *   its braces (without them the else would go to the inner if).  A continue mapped to
 *   return in an unbraced arm gets braces too.
 * Expect: converted
 * Result: func = { struct dev *d = data; <blank>
 *   if (d->ready) { work(d, 1); work(d, 2); } else { work(d, 3); }
 *   if (d->flags)\n work(d, 4);\n else\n work(d, 5);
 *   if (d->ready) { if (d->flags) work(d, 6); } else { work(d, 7); }
 *   if (d->flags) { work(d, 8); work(d, 9); } else { return; }
 *   msleep(10); }; KTI_NONFREEZABLE; no init, no destroy.
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct dev {
	struct task_struct *task;
	unsigned long flags;
	int ready;
};

static void work(struct dev *d, int n);

static int arms_thread(void *data)
{
	struct dev *d = data;

	while (!kthread_should_stop()) {
		if (d->ready) {
			work(d, 1);
			work(d, 2);
		} else
			work(d, 3);
		if (d->flags) {
			work(d, 4);
		} else {
			work(d, 5);
		}
		if (d->ready) {
			if (d->flags)
				work(d, 6);
		} else
			work(d, 7);
		if (d->flags) {
			work(d, 8);
			work(d, 9);
		} else
			continue;
		msleep(10);
	}
	return 0;
}

int arms_start(struct dev *d)
{
	d->task = kthread_run(arms_thread, d, "arms");
	return PTR_ERR_OR_ZERO(d->task);
}

void arms_stop(struct dev *d)
{
	kthread_stop(d->task);
}
