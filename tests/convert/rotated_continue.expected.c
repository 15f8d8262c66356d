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

static int hub_thread_init(void *data)
{
	msleep_interruptible(500);

	return 0;
}

static void hub_thread_func(void *data)
{
	struct hub *h = data;

	if (!probe(h))
		goto next;
	if (busy(h))
		goto next;
	service(h);

next:
	msleep_interruptible(500);
}

static const struct kthread_iterant hub_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.init = hub_thread_init,
	.func = hub_thread_func,
};

int hub_start(struct hub *h)
{
	h->task = kthread_iterant_run(&hub_thread_kti, h, "hub");
	return PTR_ERR_OR_ZERO(h->task);
}

void hub_stop(struct hub *h)
{
	kthread_stop(h->task);
}
