// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a loop that can end on its own (a break) followed by a last call, right before the
 *   final return, of a function ending with `while (!kthread_should_stop())` around a bare
 *   sleep (bcache's wait_for_kthread_stop()): after kthread_stop_current() that wait ends
 *   at once and the core waits for kthread_stop() instead, so the call stays in destroy.
 * Expect: converted
 * Result: func = { err = read_block(r); if (err < 0) { report_error(r, err);
 *   kthread_stop_current(); return; } consume_block(r); }, destroy = { release_reader(r);
 *   wait_for_kthread_stop(); }; KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/sched.h>

struct reader {
	struct task_struct *task;
};

static int read_block(struct reader *r);
static void consume_block(struct reader *r);
static void report_error(struct reader *r, int err);
static void release_reader(struct reader *r);

static inline void wait_for_kthread_stop(void)
{
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		schedule();
	}
}

static void reader_thread_func(void *data)
{
	struct reader *r = data;
	int err;

	err = read_block(r);
	if (err < 0) {
		report_error(r, err);
		kthread_stop_current();
		return;
	}
	consume_block(r);
}

static void reader_thread_destroy(void *data)
{
	struct reader *r = data;

	release_reader(r);
	wait_for_kthread_stop();
}

static const struct kthread_iterant reader_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.func = reader_thread_func,
	.destroy = reader_thread_destroy,
};

int reader_start(struct reader *r)
{
	r->task = kthread_iterant_run(&reader_thread_kti, r, "reader");
	return PTR_ERR_OR_ZERO(r->task);
}

void reader_stop(struct reader *r)
{
	kthread_stop(r->task);
}
