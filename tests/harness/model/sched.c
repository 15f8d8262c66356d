// SPDX-License-Identifier: GPL-2.0
/*
 * Task state, sleeping and waking, time, the freezer and signals of the
 * model's kthread, after kernel/sched/core.c, kernel/time/timer.c,
 * kernel/freezer.c and kernel/signal.c of Linux 6.12.
 *
 * There is one task and no real concurrency: the task blocks only inside
 * ktim_block(), where the script acts, then a timer expires or, when nothing
 * can happen any more, the owner calls kthread_stop().  Virtual time only
 * moves when a sleep times out.
 */
#include <stdio.h>
#include <stdlib.h>
#include "model.h"

/* The freezer gives up after waking a task this many times without it freezing. */
#define KTIM_FREEZER_MAX_WAKES	3
/* A run is cut when the thread sleeps without end. */
#define KTIM_MAX_BLOCKS		4000UL

struct task_struct ktim_task;
struct ktim_world ktim_world;
unsigned long ktim_jiffies = 100000;

struct task_struct *ktim_current(void)
{
	return &ktim_task;
}

void ktim_set_state(unsigned int state)
{
	ktim_task.__state = state;
}

const char *ktim_state_name(unsigned int state, char *buf, size_t len)
{
	switch (state & ~TASK_FREEZABLE) {
	case TASK_RUNNING:
		return "running";
	case TASK_INTERRUPTIBLE:
		return "interruptible";
	case TASK_UNINTERRUPTIBLE:
		return "uninterruptible";
	case TASK_IDLE:
		return "idle";
	case TASK_KILLABLE:
		return "killable";
	case TASK_PARKED:
		return "parked";
	default:
		snprintf(buf, len, "state-0x%x", state);
		return buf;
	}
}

static const char *wake_name(enum ktim_wake reason)
{
	static const char *const names[] = {
		[KTIM_WAKE_NONE] = "none",
		[KTIM_WAKE_TIMEOUT] = "timeout",
		[KTIM_WAKE_WAKE] = "wake",
		[KTIM_WAKE_STOP] = "stop",
		[KTIM_WAKE_PARK] = "park",
		[KTIM_WAKE_UNPARK] = "unpark",
		[KTIM_WAKE_SIGNAL] = "signal",
		[KTIM_WAKE_FREEZER] = "freezer",
	};

	return names[reason];
}

/*
 * try_to_wake_up(): a task in a matching state runs again.  A task frozen in
 * a sleep keeps the wake-up in saved_state and acts on it after the thaw
 * (ttwu_state_match()).
 */
bool ktim_try_wake(unsigned int mask, enum ktim_wake reason)
{
	struct task_struct *p = &ktim_task;

	if (p->__state & mask) {
		p->__state = TASK_RUNNING;
		ktim_world.wake_reason = reason;
		return true;
	}
	if (p->__state == TASK_FROZEN && (p->saved_state & mask)) {
		p->saved_state = TASK_RUNNING;
		ktim_world.saved_reason = reason;
	}
	return false;
}

int wake_up_process(struct task_struct *p)
{
	if (p != &ktim_task) {
		char name[32];

		ktim_record_call("%s(%s) = 0", __func__, ktim_ptr_name(p, name, sizeof(name)));
		return 0;
	}
	if (!ktim_kthread.woken) {
		/* The owner's first wake-up: kthread() runs after the start. */
		ktim_kthread.woken = true;
		return 1;
	}
	return ktim_try_wake(TASK_NORMAL, KTIM_WAKE_WAKE);
}

void might_sleep(void)
{
	char buf[32];

	/* __might_sleep(): "do not call blocking ops when !TASK_RUNNING", once. */
	if (ktim_task.__state != TASK_RUNNING && !ktim_world.warned_might_sleep) {
		ktim_world.warned_might_sleep = true;
		ktim_trace("warn %s in state %s", __func__,
			   ktim_state_name(ktim_task.__state, buf, sizeof(buf)));
	}
}

/* Freezer */

bool freezing(struct task_struct *p)
{
	return ktim_world.freeze_active && !(p->flags & PF_NOFREEZE);
}

bool frozen(struct task_struct *p)
{
	return p->__state & TASK_FROZEN;
}

static void freeze_failed(void)
{
	ktim_world.freeze_active = false;
	ktim_trace("freeze-failed");
}

/*
 * One pass of try_to_freeze_tasks() over the kthread: a freezable sleep is
 * frozen in place, any other sleep of a freezable task is woken so that it
 * reaches a freeze point (freeze_task()), a parked task cannot be frozen.
 * The freeze goes on until the task freezes, the freezer gives up on it, or
 * a thaw: a kthread that calls set_freezable() meanwhile freezes there.
 */
void ktim_freezer_visit(void)
{
	struct task_struct *p = &ktim_task;

	/* The freezer does not wait for a task with PF_NOFREEZE. */
	if (!ktim_world.freeze_active || (p->flags & PF_NOFREEZE))
		return;
	if (!ktim_world.blocked) {
		/* Still on the CPU: __freeze_task() fails, the wake-up makes it runnable. */
		ktim_try_wake(TASK_NORMAL, KTIM_WAKE_FREEZER);
	} else if ((p->__state & TASK_FREEZABLE) && (p->__state & TASK_NORMAL)) {
		p->saved_state = p->__state;
		p->__state = TASK_FROZEN;
		ktim_world.saved_reason = KTIM_WAKE_NONE;
		ktim_world.frozen_fired = false;
		ktim_world.freezes++;
		ktim_trace("frozen");
	} else if (p->__state == TASK_PARKED) {
		freeze_failed();
	} else if (p->__state & TASK_NORMAL) {
		if (++ktim_world.freezer_wakes > KTIM_FREEZER_MAX_WAKES)
			freeze_failed();
		else
			ktim_try_wake(TASK_NORMAL, KTIM_WAKE_FREEZER);
	}
}

void ktim_event_freeze(void)
{
	if (ktim_world.freeze_active)
		return;
	ktim_world.freeze_active = true;
	ktim_world.freezer_wakes = 0;
	ktim_world.freeze_calls = 0;
	ktim_freezer_visit();
}

void ktim_event_thaw(void)
{
	ktim_world.freeze_active = false;
}

/* The end of a freeze: thaw_processes() while the task is frozen. */
static void thaw(void)
{
	ktim_world.freeze_active = false;
	ktim_trace("thawed%s", ktim_kthread.flags & KTHREAD_SHOULD_STOP && !ktim_world.stop_seen ?
		   " stop-pending" : "");
}

bool __refrigerator(bool check_kthr_stop)
{
	unsigned int state = ktim_task.__state;
	bool was_frozen = false;

	if (state && !(state & TASK_NORMAL))
		ktim_trace("warn __refrigerator in state 0x%x", state);
	if (freezing(&ktim_task) && !(check_kthr_stop && kthread_should_stop())) {
		was_frozen = true;
		ktim_trace("frozen");
		ktim_fire(KTIM_AT_FROZEN, ++ktim_world.freezes);
		thaw();
	}
	ktim_task.__state = TASK_RUNNING;
	return was_frozen;
}

bool try_to_freeze(void)
{
	might_sleep();
	ktim_step();
	if (likely(!freezing(&ktim_task)))
		return false;
	return __refrigerator(false);
}

bool set_freezable(void)
{
	might_sleep();
	ktim_task.flags &= ~PF_NOFREEZE;
	return try_to_freeze();
}

/* Sleeping */

/*
 * The task blocks in its current state until it is woken or the timeout
 * expires; returns the jiffies left.  A sleep entered while kthread_stop()
 * or kthread_park() is already pending is "void" (only the original can do
 * that: the iterant core checks first); a sleep of the same kind re-entered
 * after a freezer wake-up with no observable call in between is a "cont"
 * of the one the freezer ended.  Neither is counted for sleep#N.
 */
static long block(long timeout)
{
	struct task_struct *p = &ktim_task;
	unsigned int kind = p->__state & ~TASK_FREEZABLE;
	bool pending = ktim_kthread.flags & (KTHREAD_SHOULD_STOP | KTHREAD_SHOULD_PARK);
	bool is_void = !ktim_kthread.ended && pending;
	bool cont = !is_void && ktim_world.cut_pending && ktim_world.cut_kind == kind;
	long remaining = timeout;
	char state[32], length[32];

	ktim_world.cut_pending = false;
	ktim_world.steps = 0;
	if (++ktim_world.blocks > KTIM_MAX_BLOCKS)
		ktim_finish("runaway");
	if (timeout == MAX_SCHEDULE_TIMEOUT)
		snprintf(length, sizeof(length), "max");
	else
		snprintf(length, sizeof(length), "%ld", timeout);
	ktim_trace("sleep %s %s%s%s", ktim_state_name(kind, state, sizeof(state)), length,
		   p->__state & TASK_FREEZABLE ? " freezable" : "",
		   is_void ? " void" : cont ? " cont" : "");
	ktim_world.blocked = true;
	if (!is_void && !cont && !ktim_kthread.ended)
		ktim_fire(KTIM_AT_SLEEP, ++ktim_world.sleeps);

	for (;;) {
		if (p->__state == TASK_RUNNING)
			break;
		if (p->__state == TASK_FROZEN) {
			if (!ktim_world.frozen_fired) {
				ktim_world.frozen_fired = true;
				ktim_fire(KTIM_AT_FROZEN, ktim_world.freezes);
				continue;
			}
			thaw();
			p->__state = p->saved_state;
			if (p->__state == TASK_RUNNING)
				ktim_world.wake_reason = ktim_world.saved_reason;
			continue;
		}
		ktim_freezer_visit();
		if (p->__state == TASK_RUNNING || p->__state == TASK_FROZEN)
			continue;
		if (remaining != MAX_SCHEDULE_TIMEOUT) {
			ktim_jiffies += (unsigned long)remaining;
			remaining = 0;
			p->__state = TASK_RUNNING;
			ktim_world.wake_reason = KTIM_WAKE_TIMEOUT;
			break;
		}
		ktim_world_idle();
	}
	ktim_world.blocked = false;
	ktim_trace("wake %s", wake_name(ktim_world.wake_reason));
	if (ktim_world.wake_reason == KTIM_WAKE_FREEZER) {
		ktim_world.cut_pending = true;
		ktim_world.cut_kind = kind;
	}
	return remaining;
}

/*
 * try_to_block_task(): a task with a signal pending for its state does not
 * block; after kthread_stop() (TIF_NOTIFY_SIGNAL) that is every
 * interruptible sleep.
 */
long ktim_block(long timeout)
{
	if (signal_pending_state(ktim_task.__state, &ktim_task)) {
		ktim_task.__state = TASK_RUNNING;
		return timeout;
	}
	return block(timeout);
}

void schedule(void)
{
	ktim_step();
	if (ktim_task.__state != TASK_RUNNING)
		ktim_block(MAX_SCHEDULE_TIMEOUT);
}

void ktim_cond_resched(void)
{
	ktim_step();
}

long schedule_timeout(long timeout)
{
	ktim_step();
	if (timeout < 0) {
		ktim_trace("warn %s: wrong timeout value %ld", __func__, timeout);
		ktim_task.__state = TASK_RUNNING;
		return 0;
	}
	if (ktim_task.__state == TASK_RUNNING)
		return timeout;
	return ktim_block(timeout);
}

long schedule_timeout_interruptible(long timeout)
{
	__set_current_state(TASK_INTERRUPTIBLE);
	return schedule_timeout(timeout);
}

long schedule_timeout_killable(long timeout)
{
	__set_current_state(TASK_KILLABLE);
	return schedule_timeout(timeout);
}

long schedule_timeout_uninterruptible(long timeout)
{
	__set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}

long schedule_timeout_idle(long timeout)
{
	__set_current_state(TASK_IDLE);
	return schedule_timeout(timeout);
}

void set_user_nice(struct task_struct *p, long nice)
{
}

void sched_set_fifo(struct task_struct *p)
{
}

void sched_set_fifo_low(struct task_struct *p)
{
}

void sched_set_normal(struct task_struct *p, int nice)
{
}

/* Time and delays (HZ = 250) */

unsigned long msecs_to_jiffies(unsigned int m)
{
	return (m + (MSEC_PER_SEC / HZ) - 1) / (MSEC_PER_SEC / HZ);
}

unsigned long usecs_to_jiffies(unsigned int u)
{
	return (u + (1000000 / HZ) - 1) / (1000000 / HZ);
}

unsigned int jiffies_to_msecs(unsigned long j)
{
	return (unsigned int)(j * (MSEC_PER_SEC / HZ));
}

void msleep(unsigned int msecs)
{
	long timeout = (long)msecs_to_jiffies(msecs);

	while (timeout)
		timeout = schedule_timeout_uninterruptible(timeout);
}

unsigned long msleep_interruptible(unsigned int msecs)
{
	long timeout = (long)msecs_to_jiffies(msecs);

	while (timeout && !signal_pending(current))
		timeout = schedule_timeout_interruptible(timeout);
	return jiffies_to_msecs((unsigned long)timeout);
}

void usleep_range(unsigned long min, unsigned long max)
{
	long timeout = (long)usecs_to_jiffies((unsigned int)min);

	/* An hrtimer sleep: it does not return before the time has elapsed. */
	while (timeout)
		timeout = schedule_timeout_uninterruptible(timeout);
}

void udelay(unsigned long usecs)
{
}

void mdelay(unsigned long msecs)
{
}

/* Signals */

static unsigned long long sigbit(int sig)
{
	return 1ULL << (sig - 1);
}

void allow_signal(int sig)
{
	ktim_kthread.sig_allowed |= sigbit(sig);
}

void disallow_signal(int sig)
{
	ktim_kthread.sig_allowed &= ~sigbit(sig);
	ktim_kthread.sig_pending &= ~sigbit(sig);
}

bool ktim_task_sigpending(void)
{
	return ktim_kthread.sig_pending != 0;
}

int signal_pending(struct task_struct *p)
{
	return ktim_task_sigpending() || ktim_kthread.notify_signal;
}

int fatal_signal_pending(struct task_struct *p)
{
	return !!(ktim_kthread.sig_pending & sigbit(SIGKILL));
}

int signal_pending_state(unsigned int state, struct task_struct *p)
{
	if (!(state & (TASK_INTERRUPTIBLE | TASK_WAKEKILL)))
		return 0;
	if (!signal_pending(p))
		return 0;
	return (state & TASK_INTERRUPTIBLE) || fatal_signal_pending(p);
}

void flush_signals(struct task_struct *t)
{
	ktim_kthread.sig_pending = 0;
}

int kernel_dequeue_signal(void)
{
	int sig;

	for (sig = 1; sig <= _NSIG; sig++) {
		if (ktim_kthread.sig_pending & sigbit(sig)) {
			ktim_kthread.sig_pending &= ~sigbit(sig);
			return sig;
		}
	}
	return 0;
}

/* send_sig() from another task: kthreads drop the signals they do not accept. */
void ktim_event_signal(int sig)
{
	bool accepted = ktim_kthread.iterant ? ktim_iterant_accepts(sig) :
			!!(ktim_kthread.sig_allowed & sigbit(sig));

	if (!accepted)
		return;
	ktim_kthread.sig_pending |= sigbit(sig);
	ktim_try_wake(TASK_INTERRUPTIBLE | (sig == SIGKILL ? TASK_WAKEKILL : 0),
		      KTIM_WAKE_SIGNAL);
}

int send_sig(int sig, struct task_struct *p, int priv)
{
	char name[32];

	ktim_record_call("%s(%d, %s, %d) = 0", __func__, sig,
			 ktim_ptr_name(p, name, sizeof(name)), priv);
	return 0;
}

/* Wait queues */

long prepare_to_wait_event(wait_queue_head_t *wq, struct wait_queue_entry *entry, int state)
{
	if (signal_pending_state((unsigned int)state, current))
		return -ERESTARTSYS;
	set_current_state((unsigned int)state);
	return 0;
}

void prepare_to_wait(wait_queue_head_t *wq, struct wait_queue_entry *entry, int state)
{
	set_current_state((unsigned int)state);
}

void finish_wait(wait_queue_head_t *wq, struct wait_queue_entry *entry)
{
	__set_current_state(TASK_RUNNING);
}

void add_wait_queue(wait_queue_head_t *wq, struct wait_queue_entry *entry)
{
}

void remove_wait_queue(wait_queue_head_t *wq, struct wait_queue_entry *entry)
{
}

void ktim_wake_up(const char *how, wait_queue_head_t *wq)
{
	char name[32];

	ktim_record_call("%s(%s)", how, ktim_ptr_name(wq, name, sizeof(name)));
}

/* Locks, memory, completions, messages */

void ktim_lock_op(const char *op, const void *lock)
{
	char name[32];

	ktim_record_call("%s(%s)", op, ktim_ptr_name(lock, name, sizeof(name)));
}

void *kmalloc(size_t size, gfp_t flags)
{
	void *p = calloc(1, size ? size : 1);	/* contents unspecified, like kmalloc() */
	char name[32];

	ktim_record_call("%s(%zu) = %s", __func__, size, ktim_ptr_name(p, name, sizeof(name)));
	return p;
}

void *kzalloc(size_t size, gfp_t flags)
{
	void *p = calloc(1, size ? size : 1);
	char name[32];

	ktim_record_call("%s(%zu) = %s", __func__, size, ktim_ptr_name(p, name, sizeof(name)));
	return p;
}

void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	char name[32];

	ktim_record_call("%s(%zu, %zu) = %s", __func__, n, size,
			 ktim_ptr_name(p, name, sizeof(name)));
	return p;
}

void kfree(const void *p)
{
	char name[32];

	ktim_record_call("%s(%s)", __func__, ktim_ptr_name(p, name, sizeof(name)));
	/* Never reused, so that a pointer keeps its name. */
}

void complete(struct completion *x)
{
	char name[32];

	x->done++;
	ktim_record_call("%s(%s)", __func__, ktim_ptr_name(x, name, sizeof(name)));
}

void complete_all(struct completion *x)
{
	char name[32];

	x->done = UINT_MAX;
	ktim_record_call("%s(%s)", __func__, ktim_ptr_name(x, name, sizeof(name)));
}

void ktim_printk(const char *how, const char *fmt, ...)
{
	char text[256];
	va_list args;
	size_t len;

	va_start(args, fmt);
	vsnprintf(text, sizeof(text), fmt, args);
	va_end(args);
	len = strlen(text);
	if (len && text[len - 1] == '\n')
		text[len - 1] = '\0';
	ktim_record_call("%s(\"%s\")", how, text);
}

bool ktim_warn_on(bool cond, const char *text)
{
	if (cond)
		ktim_trace("warn WARN_ON(%s)", text);
	return cond;
}
