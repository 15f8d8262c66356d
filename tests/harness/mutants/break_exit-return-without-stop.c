// SPDX-License-Identifier: GPL-2.0
/*
 * Mutant-of: break_exit
 * Mutation: the break becomes a plain return, without kthread_stop_current()
 * Caught-by: run-to-end
 * Original: call release_reader(data)
 * Converted: sleep interruptible 25 -> timeout
 */
#include <linux/kthread.h>
#include <linux/freezer.h>
#include <linux/sched.h>

struct reader {
	struct task_struct *task;
};

static int read_block(struct reader *r);
static void consume_block(struct reader *r);
static void report_error(struct reader *r, int err);
static void release_reader(struct reader *r);

static void reader_thread_func(void *data)
{
	struct reader *r = data;
	int err;

	err = read_block(r);
	if (err < 0) {
		report_error(r, err);
		return;
	}
	consume_block(r);
}

static void reader_thread_destroy(void *data)
{
	struct reader *r = data;

	release_reader(r);
}

static const struct kthread_iterant reader_thread_kti = {
	.type = KTI_INT_SLEEP_TIMEOUT,
	.timeout = HZ / 10,
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
