// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: an infinite loop whose stop check follows a sleep, with continues: the sleep is
 *   rotated (end of init and end of func) and each continue, which went back to the
 *   sleep, jumps to a label `next:` put in front of the rotated sleep (a return would skip
 *   it).
 * Expect: converted
 * Result: init = { msleep_interruptible(500); return 0; }, func = { if (!probe(h))
 *   goto next; if (busy(h)) goto next; service(h); next: msleep_interruptible(500); };
 *   KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct hub {
	struct task_struct *task;
};

static bool probe(struct hub *h);
static bool busy(struct hub *h);
static void service(struct hub *h);

static int hub_thread(void *data)
{
	struct hub *h = data;

	for (;;) {
		msleep_interruptible(500);
		if (kthread_should_stop())
			break;
		if (!probe(h))
			continue;
		if (busy(h))
			continue;
		service(h);
	}
	return 0;
}

int hub_start(struct hub *h)
{
	h->task = kthread_run(hub_thread, h, "hub");
	return PTR_ERR_OR_ZERO(h->task);
}

void hub_stop(struct hub *h)
{
	kthread_stop(h->task);
}
