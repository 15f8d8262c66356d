/* SPDX-License-Identifier: GPL-2.0 */
/* Internals shared by the model's files; fixtures only see kti_model.h. */
#ifndef KTI_MODEL_INTERNAL_H
#define KTI_MODEL_INTERNAL_H

#include <setjmp.h>
#include "kti_model.h"

/* What ended a sleep, as written in the trace. */
enum ktim_wake {
	KTIM_WAKE_NONE,
	KTIM_WAKE_TIMEOUT,
	KTIM_WAKE_WAKE,
	KTIM_WAKE_STOP,
	KTIM_WAKE_PARK,
	KTIM_WAKE_UNPARK,
	KTIM_WAKE_SIGNAL,
	KTIM_WAKE_FREEZER,
};

/* Points of the run at which a script may act. */
enum ktim_trigger {
	KTIM_AT_BEFORE_RUN,	/* after the owner's wake-up, before kthread() runs */
	KTIM_AT_START,		/* in kthread(), right before the thread function */
	KTIM_AT_CALL,		/* during the n-th observable call */
	KTIM_AT_SLEEP,		/* in the n-th sleep (void sleeps and continuations not counted) */
	KTIM_AT_FROZEN,		/* while frozen the n-th time */
	KTIM_AT_PARKED,		/* while parked the n-th time */
};

/* What the owner, the freezer or another task does to the kthread. */
enum ktim_event {
	KTIM_EV_STOP,		/* kthread_stop() */
	KTIM_EV_PARK,		/* kthread_park() */
	KTIM_EV_UNPARK,		/* kthread_unpark() */
	KTIM_EV_FREEZE,		/* the freezer starts a freeze */
	KTIM_EV_THAW,		/* the system resumes: the freeze ends */
	KTIM_EV_WAKE,		/* wake_up_process() or a wake_up() of its wait queue */
	KTIM_EV_QUEUE,		/* one work item is queued, then a wake-up */
	KTIM_EV_SIGNAL,		/* send_sig(n) */
};

#define KTHREAD_SHOULD_STOP	BIT(0)
#define KTHREAD_SHOULD_PARK	BIT(1)
#define KTHREAD_STOP_CURRENT	BIT(2)
#define KTHREAD_STOP_MASK	(KTHREAD_SHOULD_STOP | KTHREAD_STOP_CURRENT)

struct ktim_iterant;

/* The model's one kthread: struct kthread of kernel/kthread.c plus its signals. */
struct ktim_kthread {
	unsigned long flags;
	int (*threadfn)(void *data);
	void *data;
	int result;
	bool created;
	bool create_failed;	/* a creator returned an ERR_PTR() */
	bool woken;
	bool ended;		/* the thread function returned or the iterant loop is over */
	bool notify_signal;	/* TIF_NOTIFY_SIGNAL, set by kthread_stop() */
	unsigned long long sig_allowed;
	unsigned long long sig_pending;
	struct ktim_iterant *iterant;
	jmp_buf exit_jmp;
};

/* The world around the kthread: time, the freezer, queued work, the script. */
struct ktim_world {
	unsigned long calls;		/* observable calls so far */
	unsigned long sleeps;		/* counted sleeps so far */
	unsigned long freezes;		/* times frozen so far */
	unsigned long parks;		/* times parked so far */
	unsigned long steps;		/* model API calls since the last observable one */
	unsigned long blocks;		/* sleeps so far, all of them */
	bool stop_sent;			/* kthread_stop() was called */
	bool freeze_active;		/* a freeze is in progress */
	unsigned int freezer_wakes;	/* sleeps the current freeze ended */
	unsigned long freeze_calls;	/* observable calls during the current freeze */
	bool cut_pending;		/* the last sleep was ended by the freezer ... */
	unsigned int cut_kind;		/* ... and was of this kind */
	long queued;			/* work items queued and not yet taken */
	enum ktim_wake wake_reason;	/* why the task last became TASK_RUNNING */
	enum ktim_wake saved_reason;	/* a wake-up received while frozen in a sleep */
	bool frozen_fired;		/* the triggers of this frozen period have run */
	bool blocked;			/* off the CPU, in ktim_block() or parked */
	bool warned_might_sleep;
	bool stop_seen;		/* the thread has seen kthread_stop() */
};

extern struct ktim_kthread ktim_kthread;
extern struct ktim_world ktim_world;
extern struct task_struct ktim_task;

/* world.c */
__printf(1, 2) void ktim_trace(const char *fmt, ...);
void ktim_fire(enum ktim_trigger at, unsigned long nth);
void ktim_world_idle(void);
void ktim_step(void);
void ktim_observable_done(void);
__printf(1, 2) void ktim_record_call(const char *fmt, ...);
const char *ktim_ptr_name(const void *ptr, char *buf, size_t len);
__noreturn void ktim_finish(const char *why);

/* sched.c */
bool ktim_try_wake(unsigned int mask, enum ktim_wake reason);
long ktim_block(long timeout);
void ktim_freezer_visit(void);
void ktim_event_freeze(void);
void ktim_event_thaw(void);
void ktim_event_signal(int sig);
bool ktim_task_sigpending(void);
const char *ktim_state_name(unsigned int state, char *buf, size_t len);

/* kthread.c */
bool ktim_stop_check(unsigned long mask);
void ktim_event_stop(void);
void ktim_event_park(void);
void ktim_kthread_parkme(void);
struct task_struct *ktim_create_task(int (*threadfn)(void *data), void *data,
				     const char *namefmt, va_list args);
void ktim_run_kthread(void);

/* iterant.c */
void ktim_iterant_handle_signals(void);
bool ktim_iterant_accepts(int sig);

#endif /* KTI_MODEL_INTERNAL_H */
