// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: the exit for the loop condition's other test goes after the declarations the
 *   body starts with when their initializers are constants (nothing changes by running
 *   them first); with `!ret &&` before the stop test, ret (set in the loop, read by the
 *   next test) is a context field.
 * Expect: converted
 * Result: struct gc_thread_ctx { int ret; }; func = { bool did_work = false; if
 *   (ctx->ret) { kthread_stop_current(); return; } ctx->ret = gc_once(g, &did_work); if
 *   (!did_work) msleep(100); }; KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct gc {
	struct task_struct *task;
};

static int gc_once(struct gc *g, bool *did_work);

static int gc_thread(void *data)
{
	struct gc *g = data;
	int ret = 0;

	while (!ret && !kthread_should_stop()) {
		bool did_work = false;

		ret = gc_once(g, &did_work);
		if (!did_work)
			msleep(100);
	}
	return 0;
}

int gc_start(struct gc *g)
{
	g->task = kthread_run(gc_thread, g, "gc");
	return PTR_ERR_OR_ZERO(g->task);
}

void gc_stop(struct gc *g)
{
	kthread_stop(g->task);
}
