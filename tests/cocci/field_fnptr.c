// SPDX-License-Identifier: GPL-2.0
/*
 * The thread function comes from a structure field: not resolved here.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect create 17: kthread_run ops->threadfn field
 * expect create 18: kthread_create_on_node p->ops.threadfn field
 */
#include <linux/kthread.h>

struct pool_ops {
	int (*threadfn)(void *data);
};

int pool_start(struct pool *p, const struct pool_ops *ops)
{
	p->task = kthread_run(ops->threadfn, p, "pool");
	p->aux = kthread_create_on_node(p->ops.threadfn, p, NUMA_NO_NODE, "aux");
	return 0;
}
