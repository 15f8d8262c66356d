// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: `break` out of the loop -> kthread_stop_current(); return; the code after the
 *   loop -> destroy (without the final return 0).  The owner calls kthread_stop(), so a
 *   thread that leaves its loop on its own may wait for it.  The unbraced break gets
 *   braces; the local assigned before each use stays in func.
 * Expect: converted
 * Result: func = { err = read_block(r); if (err < 0) { report_error(r, err);
 *   kthread_stop_current(); return; } consume_block(r); }, destroy = release_reader(r);
 *   KTI_NONFREEZABLE.
 * Harness: returns read_block=0,0,-5
 */
#include <linux/kthread.h>

struct reader {
	struct task_struct *task;
};

static int read_block(struct reader *r);
static void consume_block(struct reader *r);
static void report_error(struct reader *r, int err);
static void release_reader(struct reader *r);

static int reader_thread(void *data)
{
	struct reader *r = data;
	int err;

	while (!kthread_should_stop()) {
		err = read_block(r);
		if (err < 0) {
			report_error(r, err);
			break;
		}
		consume_block(r);
	}
	release_reader(r);
	return 0;
}

int reader_start(struct reader *r)
{
	r->task = kthread_run(reader_thread, r, "reader");
	return PTR_ERR_OR_ZERO(r->task);
}

void reader_stop(struct reader *r)
{
	kthread_stop(r->task);
}
