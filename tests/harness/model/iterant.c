// SPDX-License-Identifier: GPL-2.0
/*
 * The iterant kthread core as API v2 specifies it (/work/coord/API-v2.md),
 * with the loop of the kernel-patches/ series: checkpoint (stop, park,
 * freeze, signals, cond_resched) -> func -> sleep per the flags, should_run
 * and pause_once -> ... -> destroy -> wait for kthread_stop().
 */
#include <stdio.h>
#include <stdlib.h>
#include "model.h"

#define KTI_KNOWN_FLAGS	(KTI_INT_SLEEP | KTI_INT_SLEEP_TIMEOUT | KTI_NONFREEZABLE)

/* Per-thread state the core allocates at creation and owns. */
struct ktim_iterant {
	const struct kthread_iterant *kti;
	unsigned int type;
	long timeout;
	bool pause_once;
	unsigned long iterations;
	void *ctx;
	kthread_sig_handler handlers[_NSIG];
};

static struct ktim_iterant *self(const char *caller)
{
	if (!ktim_kthread.iterant) {
		ktim_trace("warn %s() outside an iterant kthread", caller);
		return NULL;
	}
	return ktim_kthread.iterant;
}

void kthread_stop_current(void)
{
	ktim_kthread.flags |= KTHREAD_STOP_CURRENT;
}

void kthread_iterant_pause_once(void)
{
	struct ktim_iterant *it = self(__func__);

	if (it)
		it->pause_once = true;
}

void *kthread_iterant_ctx(void)
{
	struct ktim_iterant *it = self(__func__);

	return it ? it->ctx : NULL;
}

bool ktim_iterant_accepts(int sig)
{
	kthread_sig_handler handler = ktim_kthread.iterant->handlers[sig - 1];

	return ktim_kthread.sig_allowed & (1ULL << (sig - 1)) && handler != KTHREAD_SIG_IGN;
}

int kthread_sigaction(int sig, kthread_sig_handler handler)
{
	struct ktim_iterant *it = self(__func__);

	if (!it || sig < 1 || !valid_signal(sig))
		return -EINVAL;
	it->handlers[sig - 1] = handler;
	if (handler == KTHREAD_SIG_IGN)
		disallow_signal(sig);
	else
		allow_signal(sig);
	return 0;
}

/* Default action: SIGKILL stops like kthread_stop_current(), others are discarded. */
void ktim_iterant_handle_signals(void)
{
	struct ktim_iterant *it = ktim_kthread.iterant;
	int sig;

	while ((sig = kernel_dequeue_signal())) {
		kthread_sig_handler handler = it->handlers[sig - 1];

		if (handler == KTHREAD_SIG_IGN)
			continue;
		if (handler != KTHREAD_SIG_DFL)
			handler(sig, ktim_kthread.data);
		else if (sig == SIGKILL)
			kthread_stop_current();
	}
}

/* A parked kthread is skipped by the freezer, and freezes after the unpark if needed. */
static void iterant_parkme(void)
{
	bool freezable = !(ktim_task.flags & PF_NOFREEZE);

	if (freezable)
		ktim_task.flags |= PF_NOFREEZE;
	ktim_kthread_parkme();
	if (freezable)
		set_freezable();
}

/* Between two iterations; false when the loop ends. */
static bool iterant_checkpoint(void)
{
	for (;;) {
		if (ktim_stop_check(KTHREAD_STOP_MASK))
			return false;
		if (ktim_kthread.flags & KTHREAD_SHOULD_PARK) {
			iterant_parkme();
			continue;
		}
		if (unlikely(freezing(current)) && try_to_freeze())
			continue;
		if (ktim_task_sigpending()) {
			ktim_iterant_handle_signals();
			continue;
		}
		cond_resched();
		return true;
	}
}

static bool wake_pending(void)
{
	return kthread_should_stop() || kthread_should_park() || ktim_task_sigpending();
}

/* After an iteration: sleep per the flags or a pause_once request. */
static void iterant_sleep(struct ktim_iterant *it)
{
	const struct kthread_iterant *kti = it->kti;
	long timeout = MAX_SCHEDULE_TIMEOUT;

	if (!(it->type & (KTI_INT_SLEEP | KTI_INT_SLEEP_TIMEOUT)) && !it->pause_once)
		return;
	it->pause_once = false;
	if (it->type & KTI_INT_SLEEP_TIMEOUT)
		timeout = it->timeout;

	for (;;) {
		/* TASK_FREEZABLE has no effect for a kthread that is not freezable. */
		set_current_state(TASK_INTERRUPTIBLE | TASK_FREEZABLE);
		if (wake_pending())
			break;
		if (kti->should_run && kti->should_run(ktim_kthread.data))
			break;
		timeout = schedule_timeout(timeout);
		if (!timeout || !kti->should_run)
			break;
	}
	__set_current_state(TASK_RUNNING);
}

/* Only kthread_stop() ends an iterant kthread. */
static void iterant_wait_for_stop(void)
{
	for (;;) {
		set_current_state(TASK_IDLE | TASK_FREEZABLE);
		if (ktim_kthread.flags & KTHREAD_SHOULD_STOP)
			break;
		if (ktim_kthread.flags & KTHREAD_SHOULD_PARK) {
			__set_current_state(TASK_RUNNING);
			iterant_parkme();
			continue;
		}
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

static int iterant_fn(void *data)
{
	struct ktim_iterant *it = ktim_kthread.iterant;
	const struct kthread_iterant *kti = it->kti;
	int ret = 0;

	if (!(it->type & KTI_NONFREEZABLE))
		set_freezable();
	if (kti->init)
		ret = kti->init(data);
	if (!ret) {
		while (iterant_checkpoint()) {
			kti->func(data);
			it->iterations++;
			iterant_sleep(it);
		}
		if (kti->destroy)
			kti->destroy(data);
	}
	ktim_trace("end %d", ret);
	ktim_kthread.ended = true;
	iterant_wait_for_stop();
	free(it->ctx);
	it->ctx = NULL;
	return ret;
}

static int iterant_check(const struct kthread_iterant *kti)
{
	if (!kti || !kti->func)
		return -EINVAL;
	if (kti->type & ~KTI_KNOWN_FLAGS)
		return -EINVAL;
	if ((kti->type & KTI_INT_SLEEP_TIMEOUT) && kti->timeout <= 0)
		return -EINVAL;
	if ((kti->type & KTI_INT_SLEEP) && !kti->should_run)
		return -EINVAL;
	if (kti->should_run && !(kti->type & (KTI_INT_SLEEP | KTI_INT_SLEEP_TIMEOUT)))
		return -EINVAL;
	return 0;
}

static struct task_struct *iterant_create(const struct kthread_iterant *kti, void *data,
					  const char *namefmt, va_list args)
{
	static struct ktim_iterant state;
	struct task_struct *task;
	int err = iterant_check(kti);

	if (err) {
		ktim_kthread.create_failed = true;
		ktim_trace("create-failed %d", err);
		return ERR_PTR(err);
	}
	task = ktim_create_task(iterant_fn, data, namefmt, args);
	state.kti = kti;
	state.type = kti->type;
	state.timeout = kti->timeout;
	state.ctx = kti->ctx_size ? calloc(1, kti->ctx_size) : NULL;
	ktim_kthread.iterant = &state;
	return task;
}

struct task_struct *kthread_iterant_create_on_node(const struct kthread_iterant *kti,
						   void *data, int node,
						   const char namefmt[], ...)
{
	struct task_struct *task;
	va_list args;

	va_start(args, namefmt);
	task = iterant_create(kti, data, namefmt, args);
	va_end(args);
	return task;
}

struct task_struct *kthread_iterant_create_on_cpu(const struct kthread_iterant *kti,
						  void *data, unsigned int cpu,
						  const char *namefmt)
{
	return kthread_iterant_create_on_node(kti, data, NUMA_NO_NODE, namefmt, cpu);
}
