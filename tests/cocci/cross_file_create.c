// SPDX-License-Identifier: GPL-2.0
/* Creation site of a thread function defined in cross_file_threadfn.c. */
#include <linux/kthread.h>

int cross_threadfn(void *data);

int cross_start(struct cross *c)
{
	c->task = kthread_run(cross_threadfn, c, "cross");
	return PTR_ERR_OR_ZERO(c->task);
}
