// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: near miss of the torture_must_stop() rule: code after the wait for kthread_stop()
 *   in torture_kthread_stopping() ran after kthread_stop() in the legacy thread, but would
 *   run before it once kthread_stop_current() ends that wait at once.
 * Expect: refused: code after the loop tests the stop request and the loop can end on its own
 */
#include <linux/kthread.h>
#include <linux/sched.h>

struct onoff {
	struct task_struct *task;
};

bool torture_must_stop_irq(void);
void torture_shutdown_absorb(const char *title);
static void hold(struct onoff *p);
static void toggle(struct onoff *p);
static void release(struct onoff *p);

bool torture_must_stop(void)
{
	return torture_must_stop_irq() || kthread_should_stop();
}

void torture_kthread_stopping(char *title)
{
	while (!kthread_should_stop()) {
		torture_shutdown_absorb(title);
		schedule_timeout_uninterruptible(HZ / 20);
	}
}

static int onoff_thread(void *data)
{
	struct onoff *p = data;

	hold(p);
	while (!torture_must_stop()) {
		toggle(p);
		schedule_timeout_interruptible(HZ);
	}
	torture_kthread_stopping("onoff");
	release(p);
	return 0;
}

int onoff_start(struct onoff *p)
{
	p->task = kthread_run(onoff_thread, p, "onoff");
	return PTR_ERR_OR_ZERO(p->task);
}

void onoff_stop(struct onoff *p)
{
	kthread_stop(p->task);
}
