/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace model of the kernel APIs a kthread loop uses: kthread, sched,
 * freezer, signals, wait queues, delays, and the iterant kthread API v2
 * (/work/coord/API-v2.md).  A fixture's thread function is compiled against
 * this header instead of the kernel's (every <linux/...> header the harness
 * supports includes it) and runs on the model's single scripted kthread.
 *
 * Values and semantics follow Linux 6.12: kernel/kthread.c, kernel/freezer.c,
 * include/linux/wait.h, kernel/time/timer.c.  tests/harness/README.md says
 * what is modelled and what is not.
 */
#ifndef KTI_MODEL_H
#define KTI_MODEL_H

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Basic kernel vocabulary */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef unsigned int gfp_t;
typedef long long ktime_t;

#define __init
#define __initconst
#define __no_kcsan
#define late_initcall(fn) \
	static int (*const ktim_initcall_##fn)(void) __attribute__((__unused__)) = fn
#define __exit
#define __user
#define __iomem
#define __must_check
#define __maybe_unused		__attribute__((__unused__))
#define __always_unused		__attribute__((__unused__))
#define __printf(a, b)		__attribute__((__format__(printf, a, b)))
#define __noreturn		__attribute__((__noreturn__))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)	(*(volatile __typeof__(x) *)&(x) = (val))
#define BIT(nr)			(1UL << (nr))
#define ARRAY_SIZE(arr)		(sizeof(arr) / sizeof((arr)[0]))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define min(a, b)		((a) < (b) ? (a) : (b))
#define max(a, b)		((a) > (b) ? (a) : (b))
#define min_t(t, a, b)		min((t)(a), (t)(b))
#define max_t(t, a, b)		max((t)(a), (t)(b))
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define MODULE_LICENSE(x)
#define MODULE_AUTHOR(x)
#define MODULE_DESCRIPTION(x)
#define EXPORT_SYMBOL(x)
#define EXPORT_SYMBOL_GPL(x)
#define module_init(x)
#define module_exit(x)
#define NUMA_NO_NODE		(-1)

#define EINTR		4
#define EIO		5
#define EAGAIN		11
#define ENOMEM		12
#define EBUSY		16
#define ENODEV		19
#define EINVAL		22
#define ENOSYS		38
#define ETIMEDOUT	110
#define ERESTARTSYS	512

#define MAX_ERRNO	4095
#define IS_ERR_VALUE(x)	unlikely((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)
static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline bool IS_ERR(const void *ptr) { return IS_ERR_VALUE((unsigned long)ptr); }
static inline bool IS_ERR_OR_NULL(const void *ptr) { return !ptr || IS_ERR(ptr); }
static inline int PTR_ERR_OR_ZERO(const void *ptr) { return IS_ERR(ptr) ? (int)PTR_ERR(ptr) : 0; }

/* Tasks and the scheduler */
#define TASK_RUNNING		0x00000000
#define TASK_INTERRUPTIBLE	0x00000001
#define TASK_UNINTERRUPTIBLE	0x00000002
#define __TASK_STOPPED		0x00000004
#define TASK_PARKED		0x00000040
#define TASK_WAKEKILL		0x00000100
#define TASK_NOLOAD		0x00000400
#define TASK_FREEZABLE		0x00002000
#define TASK_FROZEN		0x00008000
#define TASK_KILLABLE		(TASK_WAKEKILL | TASK_UNINTERRUPTIBLE)
#define TASK_IDLE		(TASK_UNINTERRUPTIBLE | TASK_NOLOAD)
#define TASK_NORMAL		(TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)

#define PF_NOFREEZE		0x00008000
#define PF_KTHREAD		0x00200000

#define TASK_COMM_LEN		16

struct task_struct {
	unsigned int __state;
	unsigned int saved_state;
	unsigned int flags;
	int pid;
	char comm[TASK_COMM_LEN];
};

struct task_struct *ktim_current(void);
#define current (ktim_current())

void ktim_set_state(unsigned int state);
#define set_current_state(state)	ktim_set_state(state)
#define __set_current_state(state)	ktim_set_state(state)
#define set_special_state(state)	ktim_set_state(state)
#define get_current_state()		(READ_ONCE(current->__state))

#define MAX_SCHEDULE_TIMEOUT	LONG_MAX
void schedule(void);
long schedule_timeout(long timeout);
long schedule_timeout_interruptible(long timeout);
long schedule_timeout_killable(long timeout);
long schedule_timeout_uninterruptible(long timeout);
long schedule_timeout_idle(long timeout);
void ktim_cond_resched(void);
#define cond_resched()		ktim_cond_resched()
#define yield()			ktim_cond_resched()
void might_sleep(void);
int wake_up_process(struct task_struct *p);
void set_user_nice(struct task_struct *p, long nice);
void sched_set_fifo(struct task_struct *p);
void sched_set_fifo_low(struct task_struct *p);
void sched_set_normal(struct task_struct *p, int nice);

/* Time: HZ is 250, so milliseconds and jiffies differ */
#define HZ			250
#define MSEC_PER_SEC		1000L
extern unsigned long ktim_jiffies;
#define jiffies			(READ_ONCE(ktim_jiffies))
unsigned long msecs_to_jiffies(unsigned int m);
unsigned long usecs_to_jiffies(unsigned int u);
unsigned int jiffies_to_msecs(unsigned long j);
#define time_after(a, b)	((long)((b) - (a)) < 0)
#define time_before(a, b)	time_after(b, a)
#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)
#define time_before_eq(a, b)	time_after_eq(b, a)
#define round_jiffies_relative(j)	(j)

void msleep(unsigned int msecs);
unsigned long msleep_interruptible(unsigned int msecs);
static inline void ssleep(unsigned int seconds) { msleep(seconds * 1000); }
void usleep_range(unsigned long min, unsigned long max);
void udelay(unsigned long usecs);
void mdelay(unsigned long msecs);

/* Freezer */
bool freezing(struct task_struct *p);
bool frozen(struct task_struct *p);
bool __refrigerator(bool check_kthr_stop);
bool set_freezable(void);
bool try_to_freeze(void);

/* Signals: kthreads ignore every signal until they allow it */
#define SIGHUP		1
#define SIGINT		2
#define SIGKILL		9
#define SIGUSR1		10
#define SIGUSR2		12
#define SIGTERM		15
#define SIGCONT		18
#define SIGSTOP		19
#define _NSIG		64
#define valid_signal(sig)	((unsigned long)(sig) <= _NSIG)
void allow_signal(int sig);
void disallow_signal(int sig);
int signal_pending(struct task_struct *p);
int fatal_signal_pending(struct task_struct *p);
int signal_pending_state(unsigned int state, struct task_struct *p);
void flush_signals(struct task_struct *t);
int kernel_dequeue_signal(void);
int send_sig(int sig, struct task_struct *p, int priv);

/* Classic kthreads (kernel/kthread.c) */
bool kthread_should_stop(void);
bool kthread_should_park(void);
bool kthread_should_stop_or_park(void);
bool kthread_freezable_should_stop(bool *was_frozen);
void kthread_parkme(void);
int kthread_park(struct task_struct *k);
void kthread_unpark(struct task_struct *k);
int kthread_stop(struct task_struct *k);
void kthread_bind(struct task_struct *k, unsigned int cpu);
void *kthread_data(struct task_struct *k);
__noreturn void kthread_exit(long result);
struct completion;
__noreturn void kthread_complete_and_exit(struct completion *comp, long code);
#define module_put_and_kthread_exit(code)	kthread_exit(code)

__printf(4, 5) struct task_struct *
kthread_create_on_node(int (*threadfn)(void *data), void *data, int node,
		       const char namefmt[], ...);
#define kthread_create(threadfn, data, namefmt, arg...) \
	kthread_create_on_node(threadfn, data, NUMA_NO_NODE, namefmt, ##arg)
struct task_struct *kthread_create_on_cpu(int (*threadfn)(void *data), void *data,
					  unsigned int cpu, const char *namefmt);
#define kthread_run(threadfn, data, namefmt, ...)				\
({										\
	struct task_struct *__k = kthread_create(threadfn, data, namefmt, ## __VA_ARGS__); \
	if (!IS_ERR(__k))							\
		wake_up_process(__k);						\
	__k;									\
})
static inline struct task_struct *
kthread_run_on_cpu(int (*threadfn)(void *data), void *data, unsigned int cpu,
		   const char *namefmt)
{
	struct task_struct *p = kthread_create_on_cpu(threadfn, data, cpu, namefmt);

	if (!IS_ERR(p))
		wake_up_process(p);
	return p;
}

/* Iterant kthreads, API v2 */
#define KTI_INT_SLEEP		0x00000002
#define KTI_INT_SLEEP_TIMEOUT	0x00000004
#define KTI_NONFREEZABLE	0x00000100

struct kthread_iterant {
	unsigned int type;
	long timeout;
	size_t ctx_size;
	int (*init)(void *data);
	void (*func)(void *data);
	void (*destroy)(void *data);
	bool (*should_run)(void *data);
};

__printf(4, 5) struct task_struct *
kthread_iterant_create_on_node(const struct kthread_iterant *kti, void *data, int node,
			       const char namefmt[], ...);
#define kthread_iterant_create(kti, data, namefmt, arg...) \
	kthread_iterant_create_on_node(kti, data, NUMA_NO_NODE, namefmt, ##arg)
#define kthread_iterant_run(kti, data, namefmt, ...)				\
({										\
	struct task_struct *__k = kthread_iterant_create(kti, data, namefmt, ## __VA_ARGS__); \
	if (!IS_ERR(__k))							\
		wake_up_process(__k);						\
	__k;									\
})
struct task_struct *kthread_iterant_create_on_cpu(const struct kthread_iterant *kti,
						  void *data, unsigned int cpu,
						  const char *namefmt);
static inline struct task_struct *
kthread_iterant_run_on_cpu(const struct kthread_iterant *kti, void *data, unsigned int cpu,
			   const char *namefmt)
{
	struct task_struct *p = kthread_iterant_create_on_cpu(kti, data, cpu, namefmt);

	if (!IS_ERR(p))
		wake_up_process(p);
	return p;
}

void kthread_iterant_pause_once(void);
void *kthread_iterant_ctx(void);
void kthread_stop_current(void);
typedef void (*kthread_sig_handler)(int sig, void *data);
#define KTHREAD_SIG_DFL		((kthread_sig_handler)0)
#define KTHREAD_SIG_IGN		((kthread_sig_handler)1)
int kthread_sigaction(int sig, kthread_sig_handler handler);

/* Wait queues: any wake-up of the model's kthread is a wake_up_process() */
typedef struct wait_queue_head {
	int unused;
} wait_queue_head_t;
struct wait_queue_entry {
	int flags;
	void *private;
};
#define DECLARE_WAIT_QUEUE_HEAD(name)	wait_queue_head_t name = { 0 }
#define DEFINE_WAIT(name)		struct wait_queue_entry name = { 0 }
#define DECLARE_WAITQUEUE(name, tsk)	struct wait_queue_entry name = { .private = (tsk) }
#define init_wait(entry)		((void)(*(entry) = (struct wait_queue_entry){ 0 }))
#define init_waitqueue_entry(entry, tsk) \
	((void)(*(entry) = (struct wait_queue_entry){ .private = (tsk) }))
#define init_waitqueue_head(wq)		((void)(wq))
void ktim_wake_up(const char *how, wait_queue_head_t *wq);
#define wake_up(wq)			ktim_wake_up("wake_up", wq)
#define wake_up_all(wq)			ktim_wake_up("wake_up_all", wq)
#define wake_up_interruptible(wq)	ktim_wake_up("wake_up_interruptible", wq)
#define wake_up_interruptible_all(wq)	ktim_wake_up("wake_up_interruptible_all", wq)
long prepare_to_wait_event(wait_queue_head_t *wq, struct wait_queue_entry *entry, int state);
void prepare_to_wait(wait_queue_head_t *wq, struct wait_queue_entry *entry, int state);
void finish_wait(wait_queue_head_t *wq, struct wait_queue_entry *entry);
/* Queue membership is not observable: every wake-up reaches the model's kthread. */
void add_wait_queue(wait_queue_head_t *wq, struct wait_queue_entry *entry);
void remove_wait_queue(wait_queue_head_t *wq, struct wait_queue_entry *entry);

/* The wait_event*() family, as in include/linux/wait.h of 6.12 */
#define ___wait_cond_timeout(condition)						\
({										\
	bool __cond = (condition);						\
	if (__cond && !__ret)							\
		__ret = 1;							\
	__cond || !__ret;							\
})

#define ___wait_is_interruptible(state)						\
	(!__builtin_constant_p(state) ||					\
	 ((state) & (TASK_INTERRUPTIBLE | TASK_WAKEKILL)))

#define ___wait_event(wq_head, condition, state, exclusive, ret, cmd)		\
({										\
	__label__ __out;							\
	struct wait_queue_entry __wq_entry = { exclusive };			\
	long __ret = ret;	/* explicit shadow */				\
										\
	for (;;) {								\
		long __int = prepare_to_wait_event(&wq_head, &__wq_entry, state);\
										\
		if (condition)							\
			break;							\
										\
		if (___wait_is_interruptible(state) && __int) {			\
			__ret = __int;						\
			goto __out;						\
		}								\
										\
		cmd;								\
	}									\
	finish_wait(&wq_head, &__wq_entry);					\
__out:	__ret;									\
})

#define wait_event(wq_head, condition)						\
do {										\
	might_sleep();								\
	if (condition)								\
		break;								\
	(void)___wait_event(wq_head, condition, TASK_UNINTERRUPTIBLE, 0, 0,	\
			    schedule());					\
} while (0)

#define wait_event_timeout(wq_head, condition, timeout)				\
({										\
	long __ret = timeout;							\
	might_sleep();								\
	if (!___wait_cond_timeout(condition))					\
		__ret = ___wait_event(wq_head, ___wait_cond_timeout(condition),	\
				      TASK_UNINTERRUPTIBLE, 0, timeout,		\
				      __ret = schedule_timeout(__ret));		\
	__ret;									\
})

#define wait_event_interruptible(wq_head, condition)				\
({										\
	int __ret = 0;								\
	might_sleep();								\
	if (!(condition))							\
		__ret = ___wait_event(wq_head, condition, TASK_INTERRUPTIBLE,	\
				      0, 0, schedule());			\
	__ret;									\
})

#define wait_event_interruptible_timeout(wq_head, condition, timeout)		\
({										\
	long __ret = timeout;							\
	might_sleep();								\
	if (!___wait_cond_timeout(condition))					\
		__ret = ___wait_event(wq_head, ___wait_cond_timeout(condition),	\
				      TASK_INTERRUPTIBLE, 0, timeout,		\
				      __ret = schedule_timeout(__ret));		\
	__ret;									\
})

#define wait_event_freezable(wq_head, condition)				\
({										\
	int __ret = 0;								\
	might_sleep();								\
	if (!(condition))							\
		__ret = ___wait_event(wq_head, condition,			\
				      (TASK_INTERRUPTIBLE | TASK_FREEZABLE),	\
				      0, 0, schedule());			\
	__ret;									\
})

#define wait_event_freezable_timeout(wq_head, condition, timeout)		\
({										\
	long __ret = timeout;							\
	might_sleep();								\
	if (!___wait_cond_timeout(condition))					\
		__ret = ___wait_event(wq_head, ___wait_cond_timeout(condition),	\
				      (TASK_INTERRUPTIBLE | TASK_FREEZABLE), 0,	\
				      timeout, __ret = schedule_timeout(__ret)); \
	__ret;									\
})

#define wait_event_idle(wq_head, condition)					\
do {										\
	might_sleep();								\
	if (!(condition))							\
		(void)___wait_event(wq_head, condition, TASK_IDLE, 0, 0,	\
				    schedule());				\
} while (0)

#define wait_event_idle_timeout(wq_head, condition, timeout)			\
({										\
	long __ret = timeout;							\
	might_sleep();								\
	if (!___wait_cond_timeout(condition))					\
		__ret = ___wait_event(wq_head, ___wait_cond_timeout(condition),	\
				      TASK_IDLE, 0, timeout,			\
				      __ret = schedule_timeout(__ret));		\
	__ret;									\
})

#define wait_event_killable(wq_head, condition)					\
({										\
	int __ret = 0;								\
	might_sleep();								\
	if (!(condition))							\
		__ret = ___wait_event(wq_head, condition, TASK_KILLABLE, 0, 0,	\
				      schedule());				\
	__ret;									\
})

/*
 * Lists, as in include/linux/list.h.  The owner's INIT_LIST_HEAD() does not run
 * in the harness: a zeroed list_head counts as an initialized, empty list.
 */
struct list_head {
	struct list_head *next, *prev;
};
#define LIST_HEAD_INIT(name)	{ &(name), &(name) }
#define LIST_HEAD(name)		struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	WRITE_ONCE(list->next, list);
	list->prev = list;
}

static inline struct list_head *ktim_list_ready(struct list_head *head)
{
	if (!head->next)
		INIT_LIST_HEAD(head);
	return head;
}

static inline bool list_empty(const struct list_head *head)
{
	const struct list_head *next = READ_ONCE(head->next);

	return !next || next == head;
}

static inline void __list_add(struct list_head *new, struct list_head *prev,
			      struct list_head *next)
{
	next->prev = new;
	new->next = next;
	new->prev = prev;
	WRITE_ONCE(prev->next, new);
}

static inline void list_add(struct list_head *new, struct list_head *head)
{
	__list_add(new, ktim_list_ready(head), head->next);
}

static inline void list_add_tail(struct list_head *new, struct list_head *head)
{
	__list_add(new, ktim_list_ready(head)->prev, head);
}

static inline void list_del(struct list_head *entry)
{
	entry->next->prev = entry->prev;
	WRITE_ONCE(entry->prev->next, entry->next);
	entry->next = NULL;
	entry->prev = NULL;
}

static inline void list_del_init(struct list_head *entry)
{
	list_del(entry);
	INIT_LIST_HEAD(entry);
}

#define list_entry(ptr, type, member)	container_of(ptr, type, member)
#define list_first_entry(ptr, type, member) \
	list_entry(ktim_list_ready(ptr)->next, type, member)
#define list_first_entry_or_null(ptr, type, member) \
	(list_empty(ptr) ? NULL : list_first_entry(ptr, type, member))
#define list_next_entry(pos, member) \
	list_entry((pos)->member.next, __typeof__(*(pos)), member)
#define list_for_each_entry(pos, head, member)				\
	for (pos = list_first_entry(head, __typeof__(*pos), member);	\
	     &pos->member != (head);					\
	     pos = list_next_entry(pos, member))
#define list_for_each_entry_safe(pos, n, head, member)			\
	for (pos = list_first_entry(head, __typeof__(*pos), member),	\
	     n = list_next_entry(pos, member);				\
	     &pos->member != (head);					\
	     pos = n, n = list_next_entry(n, member))

/* Locks, memory, completions, messages: recorded as observable calls */
typedef struct spinlock {
	int unused;
} spinlock_t;
struct mutex {
	int unused;
};
#define DEFINE_SPINLOCK(x)		spinlock_t x = { 0 }
#define DEFINE_MUTEX(x)			struct mutex x = { 0 }
#define spin_lock_init(l)		((void)(l))
#define mutex_init(m)			((void)(m))
void ktim_lock_op(const char *op, const void *lock);
#define spin_lock(l)			ktim_lock_op("spin_lock", l)
#define spin_unlock(l)			ktim_lock_op("spin_unlock", l)
#define spin_lock_irq(l)		ktim_lock_op("spin_lock_irq", l)
#define spin_unlock_irq(l)		ktim_lock_op("spin_unlock_irq", l)
#define spin_lock_bh(l)			ktim_lock_op("spin_lock_bh", l)
#define spin_unlock_bh(l)		ktim_lock_op("spin_unlock_bh", l)
#define spin_lock_irqsave(l, f)		((f) = 0, ktim_lock_op("spin_lock_irqsave", l))
#define spin_unlock_irqrestore(l, f)	((void)(f), ktim_lock_op("spin_unlock_irqrestore", l))
#define mutex_lock(m)			ktim_lock_op("mutex_lock", m)
#define mutex_unlock(m)			ktim_lock_op("mutex_unlock", m)

#define GFP_KERNEL	0x0cc0u
#define GFP_ATOMIC	0x0820u
void *kmalloc(size_t size, gfp_t flags);
void *kzalloc(size_t size, gfp_t flags);
void *kcalloc(size_t n, size_t size, gfp_t flags);
void kfree(const void *p);
#define vmalloc(size)	kmalloc(size, GFP_KERNEL)
#define vzalloc(size)	kzalloc(size, GFP_KERNEL)
#define vfree(p)	kfree(p)

struct completion {
	unsigned int done;
};
#define DECLARE_COMPLETION(x)	struct completion x = { 0 }
#define init_completion(x)	((x)->done = 0)
void complete(struct completion *x);
void complete_all(struct completion *x);

typedef struct {
	int counter;
} atomic_t;
#define ATOMIC_INIT(i)		{ (i) }
#define atomic_read(v)		READ_ONCE((v)->counter)
#define atomic_set(v, i)	WRITE_ONCE((v)->counter, (i))
#define atomic_inc(v)		((void)((v)->counter++))
#define atomic_dec(v)		((void)((v)->counter--))
#define atomic_inc_return(v)	(++(v)->counter)
#define atomic_dec_and_test(v)	(--(v)->counter == 0)

__printf(2, 3) void ktim_printk(const char *how, const char *fmt, ...);
#define printk(fmt, ...)	ktim_printk("printk", fmt, ##__VA_ARGS__)
#define KERN_INFO		"\0016"	/* KERN_SOH "6", as include/linux/kern_levels.h */
#define pr_err(fmt, ...)	ktim_printk("pr_err", fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)	ktim_printk("pr_warn", fmt, ##__VA_ARGS__)
#define pr_notice(fmt, ...)	ktim_printk("pr_notice", fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	ktim_printk("pr_info", fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)	ktim_printk("pr_debug", fmt, ##__VA_ARGS__)
#define WARN_ON(cond)		ktim_warn_on(!!(cond), #cond)
#define WARN_ON_ONCE(cond)	ktim_warn_on(!!(cond), #cond)
bool ktim_warn_on(bool cond, const char *text);

/*
 * Harness hooks.  The runner generates one recording stub per function the
 * fixture declares but does not define, and ktim_fixture_start(), which
 * creates the kthread as the fixture's owner would.
 */
#define KTIM_QUERY	0x1	/* a pure predicate: not compared, value from the world */
#define KTIM_CONSUMES	0x2	/* each call takes one queued work item */
void ktim_call_begin(const char *name, unsigned int flags);
void ktim_arg_int(long long value);
void ktim_arg_ptr(const void *ptr);
void ktim_arg_str(const char *str);
long long ktim_call_end(const long long *returns, size_t count, bool has_value);
void *ktim_ret_ptr(long long value, void *object);
void ktim_fixture_start(void *data);

#endif /* KTI_MODEL_H */
