// SPDX-License-Identifier: GPL-2.0
/*
 * The classic kthread API of Linux 6.12 for the model's one kthread, the
 * owner's kthread_stop()/kthread_park()/kthread_unpark(), and kthread()
 * itself: the wrapper that runs the thread function.
 */
#include <stdio.h>
#include <stdlib.h>
#include "model.h"

struct ktim_kthread ktim_kthread;

/*
 * A stop check: true when any of mask is set.  The first check that sees
 * kthread_stop() is traced as "stop-seen" (not compared, see rule R6).
 */
bool ktim_stop_check(unsigned long mask)
{
	unsigned long flags = READ_ONCE(ktim_kthread.flags);

	ktim_step();
	if ((flags & mask & KTHREAD_SHOULD_STOP) && !ktim_world.stop_seen) {
		ktim_world.stop_seen = true;
		ktim_trace("stop-seen");
	}
	return flags & mask;
}

bool kthread_should_stop(void)
{
	return ktim_stop_check(KTHREAD_STOP_MASK);
}

bool kthread_should_park(void)
{
	ktim_step();
	return READ_ONCE(ktim_kthread.flags) & KTHREAD_SHOULD_PARK;
}

bool kthread_should_stop_or_park(void)
{
	return ktim_stop_check(KTHREAD_STOP_MASK | KTHREAD_SHOULD_PARK);
}

bool kthread_freezable_should_stop(bool *was_frozen)
{
	bool was = false;

	might_sleep();
	if (unlikely(freezing(current)))
		was = __refrigerator(true);
	if (was_frozen)
		*was_frozen = was;
	return kthread_should_stop();
}

/* __kthread_parkme(): stay in TASK_PARKED until kthread_unpark(). */
void ktim_kthread_parkme(void)
{
	bool parked = false;

	for (;;) {
		set_special_state(TASK_PARKED);
		if (!(ktim_kthread.flags & KTHREAD_SHOULD_PARK))
			break;
		ktim_world.blocked = true;
		if (!parked) {
			parked = true;
			ktim_trace("parked");
			ktim_freezer_visit();
			ktim_fire(KTIM_AT_PARKED, ++ktim_world.parks);
			continue;
		}
		ktim_world_idle();
	}
	ktim_world.blocked = false;
	__set_current_state(TASK_RUNNING);
	if (parked)
		ktim_trace("unparked%s", ktim_kthread.flags & KTHREAD_SHOULD_STOP &&
			   !ktim_world.stop_seen ? " stop-pending" : "");
}

void kthread_parkme(void)
{
	ktim_step();
	ktim_kthread_parkme();
}

void kthread_unpark(struct task_struct *k)
{
	if (k != &ktim_task || !(ktim_kthread.flags & KTHREAD_SHOULD_PARK))
		return;
	ktim_kthread.flags &= ~KTHREAD_SHOULD_PARK;
	ktim_try_wake(TASK_PARKED, KTIM_WAKE_UNPARK);
}

/* kthread_park() by the owner. */
void ktim_event_park(void)
{
	/* WARN_ON(PF_EXITING) and WARN_ON_ONCE(already parked) in the kernel. */
	if (ktim_kthread.ended || (ktim_kthread.flags & KTHREAD_SHOULD_PARK))
		return;
	ktim_kthread.flags |= KTHREAD_SHOULD_PARK;
	ktim_try_wake(TASK_NORMAL, KTIM_WAKE_PARK);
}

/* kthread_stop() by the owner, up to its wait for the exit. */
void ktim_event_stop(void)
{
	ktim_world.stop_sent = true;
	ktim_kthread.flags |= KTHREAD_SHOULD_STOP;
	kthread_unpark(&ktim_task);
	ktim_kthread.notify_signal = true;
	ktim_try_wake(TASK_NORMAL, KTIM_WAKE_STOP);
}

static void record_owner_call(const char *what, struct task_struct *k)
{
	char name[32];

	ktim_record_call("%s(%s) = 0", what, ktim_ptr_name(k, name, sizeof(name)));
}

/* Called by the fixture's own code: on other tasks, observable calls. */
int kthread_park(struct task_struct *k)
{
	if (k == &ktim_task) {
		ktim_kthread.flags |= KTHREAD_SHOULD_PARK;
		return 0;
	}
	record_owner_call("kthread_park", k);
	return 0;
}

int kthread_stop(struct task_struct *k)
{
	if (k == &ktim_task) {
		ktim_trace("warn %s() of the kthread by itself", __func__);
		return -EINVAL;
	}
	record_owner_call("kthread_stop", k);
	return 0;
}

void kthread_bind(struct task_struct *k, unsigned int cpu)
{
}

void *kthread_data(struct task_struct *k)
{
	return ktim_kthread.data;
}

__noreturn void kthread_exit(long result)
{
	ktim_kthread.result = (int)result;
	longjmp(ktim_kthread.exit_jmp, 1);
}

__noreturn void kthread_complete_and_exit(struct completion *comp, long code)
{
	if (comp)
		complete(comp);
	kthread_exit(code);
}

struct task_struct *ktim_create_task(int (*threadfn)(void *data), void *data,
				     const char *namefmt, va_list args)
{
	if (ktim_kthread.created) {
		fprintf(stderr, "kti-model: the fixture creates more than one kthread\n");
		exit(2);
	}
	ktim_kthread.created = true;
	ktim_kthread.threadfn = threadfn;
	ktim_kthread.data = data;
	vsnprintf(ktim_task.comm, sizeof(ktim_task.comm), namefmt, args);
	return &ktim_task;
}

struct task_struct *kthread_create_on_node(int (*threadfn)(void *data), void *data, int node,
					   const char namefmt[], ...)
{
	struct task_struct *task;
	va_list args;

	va_start(args, namefmt);
	task = ktim_create_task(threadfn, data, namefmt, args);
	va_end(args);
	return task;
}

struct task_struct *kthread_create_on_cpu(int (*threadfn)(void *data), void *data,
					  unsigned int cpu, const char *namefmt)
{
	return kthread_create_on_node(threadfn, data, NUMA_NO_NODE, namefmt, cpu);
}

/*
 * The owner wakes the new kthread (unless the creator did), then kthread()
 * runs it: -EINTR without calling the thread function when kthread_stop()
 * came first, a park before the first call.  Last, the owner's
 * kthread_stop() returns the result.
 */
void ktim_run_kthread(void)
{
	ktim_kthread.woken = true;
	ktim_fire(KTIM_AT_BEFORE_RUN, 0);
	ktim_task.__state = TASK_RUNNING;
	if (!setjmp(ktim_kthread.exit_jmp)) {
		if (ktim_kthread.flags & KTHREAD_SHOULD_STOP) {
			ktim_kthread.result = -EINTR;
		} else {
			ktim_kthread_parkme();
			ktim_fire(KTIM_AT_START, 0);
			ktim_kthread.result = ktim_kthread.threadfn(ktim_kthread.data);
			if (!ktim_kthread.iterant)
				ktim_trace("end %d", ktim_kthread.result);
		}
	} else {
		ktim_trace("end %d", ktim_kthread.result);
	}
	ktim_kthread.ended = true;
	if (!ktim_world.stop_sent)
		ktim_trace("event stop @exit");
	ktim_trace("stopped %d", ktim_kthread.result);
}
