// SPDX-License-Identifier: GPL-2.0
/*
 * Creation site of a thread function defined in cross_file_threadfn.c.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect create 14: kthread_run cross_threadfn function
 */
#include <linux/kthread.h>

int cross_threadfn(void *data);

int cross_start(struct cross *c)
{
	c->task = kthread_run(cross_threadfn, c, "cross");
	return PTR_ERR_OR_ZERO(c->task);
}
