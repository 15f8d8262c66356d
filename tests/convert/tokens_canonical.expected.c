// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: on the moved lines, tidy writes what checkpatch --strict asks where the tokens
 *   stay the same in C: `uint32_t` as `u32` (PREFER_KERNEL_TYPES: include/linux/types.h
 *   typedefs it so), a literal split across lines joined (SPLIT_STRING: adjacent literals
 *   are one), `&(p->lock)` as `&p->lock` and `(n >= p->limit) || (p->level == 0)` without
 *   the inner parentheses (UNNECESSARY_PARENTHESES: postfix operators and comparisons
 *   bind tighter), "is is" in a comment said once (REPEATED_WORD).  The round trip
 *   compares the canonical forms (canon.py).
 * Expect: converted
 * Result: func declares p, n and flags; no init, no destroy; .type = KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/printk.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct pump {
	spinlock_t lock;
	u32 limit;
	int level;
	struct task_struct *task;
};

static uint32_t pump_read(struct pump *p);

static void pump_thread_func(void *data)
{
	struct pump *p = data;
	u32 n;
	unsigned long flags;

	spin_lock_irqsave(&p->lock, flags);
	n = pump_read(p);
	spin_unlock_irqrestore(&p->lock, flags);
	/*
	 * the level is checked after the read, as the limit is
	 * read with it
	 */
	if (n >= p->limit || p->level == 0)
		printk(KERN_INFO "pump: level %d over limit\n", p->level);
	schedule_timeout_interruptible(HZ);
}

static const struct kthread_iterant pump_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.func = pump_thread_func,
};

int pump_start(struct pump *p)
{
	p->task = kthread_iterant_run(&pump_thread_kti, p, "pump");
	return PTR_ERR_OR_ZERO(p->task);
}
