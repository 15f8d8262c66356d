// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a do-while hidden behind kthread_freezable_should_stop() (iio_loop_thread):
 *   `do { body } while (likely(!kthread_freezable_should_stop(NULL)));` is a do-while:
 *   init runs the first iteration, the core then stops and freezes between iterations as
 *   the loop condition did; set_freezable() leaves, no flag.
 * Expect: converted
 * Result: init = { trigger_thread_func(data); return 0; }, func = poll_trigger(trig);
 *   freezable.
 */
#include <linux/kthread.h>
#include <linux/freezer.h>

struct trigger {
	struct task_struct *task;
};

static void poll_trigger(struct trigger *trig);

static void trigger_thread_func(void *data);

static int trigger_thread_init(void *data)
{
	trigger_thread_func(data);

	return 0;
}

static void trigger_thread_func(void *data)
{
	struct trigger *trig = data;

	poll_trigger(trig);
}

static const struct kthread_iterant trigger_thread_kti = {
	.init = trigger_thread_init,
	.func = trigger_thread_func,
};

int trigger_start(struct trigger *trig)
{
	trig->task = kthread_iterant_run(&trigger_thread_kti, trig, "trigger");
	return PTR_ERR_OR_ZERO(trig->task);
}

void trigger_stop(struct trigger *trig)
{
	kthread_stop(trig->task);
}
