// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: after a loop that can end on its own, a call of a function of the file that
 *   tests the stop request itself (here it keeps draining until kthread_stop()) would see
 *   the stop after kthread_stop_current() and skip its work: refused, as a stop test
 *   written after the loop is.
 * Expect: refused: code after the loop tests the stop request and the loop can end on its own
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

static void drain_until_stopped(struct reader *r)
{
	while (!kthread_should_stop())
		consume_block(r);
}

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
	drain_until_stopped(r);
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
