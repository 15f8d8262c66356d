// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a local `struct pump_buf *buf` carried in the context keeps its type, so the
 *   moved `buf = kzalloc(sizeof(struct pump_buf), ...)` is written
 *   `ctx->buf = kzalloc(sizeof(*ctx->buf), ...)` as checkpatch --strict asks
 *   (ALLOC_SIZEOF_STRUCT: sizeof's operand is not evaluated, its type is struct pump_buf);
 *   the round trip reads sizeof(*p) of a `struct T *p` as sizeof(struct T).
 * Expect: converted
 * Result: struct pump_thread_ctx { struct pump_buf *buf; }; init allocates ctx->buf or
 *   returns -ENOMEM; func fills it; destroy frees it; KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/slab.h>

struct pump {
	struct task_struct *task;
};

struct pump_buf {
	int level;
};

static void pump_fill(struct pump *p, struct pump_buf *buf);

static int pump_thread(void *data)
{
	struct pump *p = data;
	struct pump_buf *buf;

	buf = kzalloc(sizeof(struct pump_buf), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;

	while (!kthread_should_stop()) {
		pump_fill(p, buf);
		schedule_timeout_interruptible(HZ);
	}

	kfree(buf);
	return 0;
}

int pump_start(struct pump *p)
{
	p->task = kthread_run(pump_thread, p, "pump");
	return PTR_ERR_OR_ZERO(p->task);
}

void pump_stop(struct pump *p)
{
	kthread_stop(p->task);
}
