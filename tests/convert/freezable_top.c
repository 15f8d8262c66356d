// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: set_freezable() before the loop and try_to_freeze() as the first statement of the
 *   body leave (the core freezes at its checkpoint); freezability kept: no flag.
 * Expect: converted
 * Result: func = body without try_to_freeze(); no init (set_freezable() was all it had);
 *   no .type.
 */
#include <linux/kthread.h>
#include <linux/freezer.h>

struct scanner {
	struct task_struct *task;
	wait_queue_head_t wq;
	bool work;
};

static void scan_all(struct scanner *s);

static int scanner_thread(void *data)
{
	struct scanner *s = data;

	set_freezable();
	while (!kthread_should_stop()) {
		try_to_freeze();
		wait_event_interruptible(s->wq, s->work || kthread_should_stop());
		s->work = false;
		scan_all(s);
	}
	return 0;
}

int scanner_start(struct scanner *s)
{
	s->task = kthread_run(scanner_thread, s, "scanner");
	return PTR_ERR_OR_ZERO(s->task);
}

void scanner_stop(struct scanner *s)
{
	kthread_stop(s->task);
}
