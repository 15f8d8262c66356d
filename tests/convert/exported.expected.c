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

static void audio_thread_func(void *data)
{
	struct audio *a = data;

	audio_poll(a);
	msleep_interruptible(1000);
}

const struct kthread_iterant audio_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.func = audio_thread_func,
};
EXPORT_SYMBOL(audio_thread_kti);

int audio_start(struct audio *a)
{
	a->task = kthread_iterant_run(&audio_thread_kti, a, "audio");
	return PTR_ERR_OR_ZERO(a->task);
}

void audio_stop(struct audio *a)
{
	kthread_stop(a->task);
}
