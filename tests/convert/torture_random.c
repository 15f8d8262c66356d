// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a local declared by a macro defined as `struct T name = { 0, 0 }`
 *   (DEFINE_TORTURE_RANDOM of include/linux/torture.h) and carried across iterations
 *   becomes a field of the context: the core zeroes it, as the initializer did.  The loop
 *   is a do-while on torture_must_stop().
 * Expect: converted
 * Result: struct shuffle_thread_ctx { struct torture_random_state rand; }; init = {
 *   announce(); shuffle_thread_func(data); return 0; }, func = { shuffle_tasks(&ctx->rand);
 *   msleep(10); if (torture_must_stop_irq()) kthread_stop_current(); }; KTI_NONFREEZABLE.
 * Harness: returns torture_must_stop_irq=0,0,0,1
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct torture_random_state {
	unsigned long trs_state;
	long trs_count;
};

#define DEFINE_TORTURE_RANDOM(name) struct torture_random_state name = { 0, 0 }

struct shuffler {
	struct task_struct *task;
};

bool torture_must_stop_irq(void);
static void announce(void);
static void shuffle_tasks(struct torture_random_state *trsp);

bool torture_must_stop(void)
{
	return torture_must_stop_irq() || kthread_should_stop();
}

static int shuffle_thread(void *data)
{
	DEFINE_TORTURE_RANDOM(rand);

	announce();
	do {
		shuffle_tasks(&rand);
		msleep(10);
	} while (!torture_must_stop());
	return 0;
}

int shuffle_start(struct shuffler *s)
{
	s->task = kthread_run(shuffle_thread, s, "shuffle");
	return PTR_ERR_OR_ZERO(s->task);
}

void shuffle_stop(struct shuffler *s)
{
	kthread_stop(s->task);
}
