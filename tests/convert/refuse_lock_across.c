// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a mutex taken before the loop and released after it (speakup_thread): the core's checkpoints would run with it held.
 * Expect: refused: holds a lock across the checkpoints of the core
 */
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/sched.h>

static DEFINE_MUTEX(spk_mutex);

struct synth {
	struct task_struct *task;
};

static void speak(struct synth *s);

static int synth_thread(void *data)
{
	struct synth *s = data;

	mutex_lock(&spk_mutex);
	while (!kthread_should_stop()) {
		speak(s);
		mutex_unlock(&spk_mutex);
		schedule_timeout_interruptible(HZ);
		mutex_lock(&spk_mutex);
	}
	mutex_unlock(&spk_mutex);
	return 0;
}

int synth_start(struct synth *s)
{
	s->task = kthread_run(synth_thread, s, "synth");
	return PTR_ERR_OR_ZERO(s->task);
}

void synth_stop(struct synth *s)
{
	kthread_stop(s->task);
}
