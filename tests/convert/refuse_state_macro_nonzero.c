// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: near miss of the zeroed declaration macro: DEFINE_TORTURE_RANDOM here starts the
 *   state at { 1, 0 }, which a zeroed context field would not; the macro-declared local
 *   carried across iterations stays a refusal.
 * Expect: refused: local declared with a macro is used across iterations
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct torture_random_state {
	unsigned long trs_state;
	long trs_count;
};

#define DEFINE_TORTURE_RANDOM(name) struct torture_random_state name = { 1, 0 }

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
