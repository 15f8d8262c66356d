// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a macro statement before the loop declares a local (TRACE_INIT() expands to
 *   `int *trace_ptr = ...`) that other macros use in the loop (TRACE()): the declaration
 *   would stay in init, out of func's reach, and it cannot be a context field: refused.
 * Expect: refused: local declared with a macro is used across iterations: 'trace_ptr' declared by TRACE_INIT()
 */
#include <linux/kthread.h>
#include <linux/delay.h>

#define TRACE_INIT(s) int *trace_ptr = (s)->trace
#define TRACE(n) do { trace_ptr[n] = __LINE__; } while (0)

struct engine {
	int *trace;
	struct task_struct *task;
};

static void engine_step(struct engine *e);

static int engine_thread(void *data)
{
	struct engine *e = data;

	TRACE_INIT(e);

	while (!kthread_should_stop()) {
		TRACE(0);
		engine_step(e);
		msleep(10);
	}
	return 0;
}

int engine_start(struct engine *e)
{
	e->task = kthread_run(engine_thread, e, "engine");
	return PTR_ERR_OR_ZERO(e->task);
}

void engine_stop(struct engine *e)
{
	kthread_stop(e->task);
}
