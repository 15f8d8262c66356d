// SPDX-License-Identifier: GPL-2.0
/*
 * Mutant-of: switch_break
 * Mutation: the break of `case 1` is taken for a loop exit (kthread_stop_current())
 * Caught-by: run-to-end
 * Original: sleep interruptible 5 -> timeout
 * Converted: end 0
 */
#include <linux/kthread.h>
#include <linux/sched.h>

struct console {
	struct task_struct *task;
};

static int next_command(struct console *c);
static void do_reset(struct console *c);
static void do_flush(struct console *c);

static void console_thread_func(void *data)
{
	struct console *c = data;

	switch (next_command(c)) {
	case 1:
		do_reset(c);
		kthread_stop_current();
		return;
	case 2:
		do_flush(c);
		break;
	default:
		break;
	}
}

static const struct kthread_iterant console_thread_kti = {
	.type = KTI_NONFREEZABLE | KTI_INT_SLEEP_TIMEOUT,
	.timeout = HZ / 50,
	.func = console_thread_func,
};

int console_start(struct console *c)
{
	c->task = kthread_iterant_run(&console_thread_kti, c, "console");
	return PTR_ERR_OR_ZERO(c->task);
}
