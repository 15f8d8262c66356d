// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: while (!torture_must_stop()) { body } with torture_must_stop() defined as
 *   `return torture_must_stop_irq() || kthread_should_stop();`, followed by a last call
 *   of torture_kthread_stopping(), which ends by waiting for kthread_stop() with sleeps
 *   only: init and func both end with `if (torture_must_stop_irq())
 *   kthread_stop_current();`, so torture_must_stop_irq() and then the core's stop test run
 *   before each body, in the legacy order.  After kthread_stop_current() the wait in
 *   torture_kthread_stopping() ends at once and the core waits for kthread_stop().
 * Expect: converted
 * Result: init = { hold(p); if (torture_must_stop_irq()) kthread_stop_current();
 *   return 0; }, func = { body; the same test }, destroy = { release(p);
 *   torture_kthread_stopping("onoff"); }; KTI_NONFREEZABLE.
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
	release(p);
	torture_kthread_stopping("onoff");
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
