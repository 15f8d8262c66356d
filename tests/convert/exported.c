// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a non-static, exported thread function: its description is non-static and
 *   exported in its place (other modules start it with kthread_iterant_run()); the
 *   callbacks stay static.
 * Expect: converted
 * Result: `const struct kthread_iterant audio_thread_kti = { ... };` and
 *   EXPORT_SYMBOL(audio_thread_kti); KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/export.h>
#include <linux/delay.h>

struct audio {
	struct task_struct *task;
};

void audio_poll(struct audio *a);

int audio_thread(void *data)
{
	struct audio *a = data;

	while (!kthread_should_stop()) {
		audio_poll(a);
		msleep_interruptible(1000);
	}
	return 0;
}
EXPORT_SYMBOL(audio_thread);

int audio_start(struct audio *a)
{
	a->task = kthread_run(audio_thread, a, "audio");
	return PTR_ERR_OR_ZERO(a->task);
}

void audio_stop(struct audio *a)
{
	kthread_stop(a->task);
}
