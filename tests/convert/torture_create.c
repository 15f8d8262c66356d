// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a thread function started by include/linux/torture.h's
 *   torture_create_kthread(F, arg, tp) and torture_create_kthread_cb(F, arg, tp, cbf)
 *   (defined here as torture.h and the core series define them): the calls become
 *   torture_create_kthread_iterant(F, ...) and torture_create_kthread_iterant_cb(F, ...),
 *   which paste F##_kti and keep #F as the task name.  The task is stored through &(tp)
 *   and torture_stop_kthread(F, tp) calls kthread_stop(*tp) without reading its result,
 *   so the thread that leaves its loop on its own may wait for it.  The fixture also
 *   defines _torture_create_kthread_iterant() as the core series does, for the harness.
 * Expect: converted
 * Result: func = { if (read_block() < 0) { kthread_stop_current(); return; }
 *   consume_block(); }, destroy = release_reader(); KTI_NONFREEZABLE; both creation
 *   calls use the iterant macros with reader_thread as first argument; writer_task is
 *   stopped by kthread_stop() itself.
 * Harness: returns read_block=0,0,-5
 */
#include <linux/kthread.h>
#include <linux/sched.h>

#define torture_create_kthread(n, arg, tp) \
	_torture_create_kthread(n, (arg), #n, "Creating " #n " task", \
				"Failed to create " #n, &(tp), NULL)
#define torture_create_kthread_cb(n, arg, tp, cbf) \
	_torture_create_kthread(n, (arg), #n, "Creating " #n " task", \
				"Failed to create " #n, &(tp), cbf)
#define torture_create_kthread_iterant(n, arg, tp) \
	_torture_create_kthread_iterant(&n##_kti, (arg), #n, "Creating " #n " task", \
					"Failed to create " #n, &(tp), NULL)
#define torture_create_kthread_iterant_cb(n, arg, tp, cbf) \
	_torture_create_kthread_iterant(&n##_kti, (arg), #n, "Creating " #n " task", \
					"Failed to create " #n, &(tp), cbf)
#define torture_stop_kthread(n, tp) \
	_torture_stop_kthread("Stopping " #n " task", &(tp))

static struct task_struct *reader_task;
static struct task_struct *writer_task;

static int read_block(void);
static void consume_block(void);
static void release_reader(void);
static void bind_cpu(struct task_struct *t);
static void VERBOSE_TOROUT_STRING(char *m);

int _torture_create_kthread(int (*fn)(void *arg), void *arg, char *s, char *m,
			    char *f, struct task_struct **tp, void (*cbf)(struct task_struct *tp))
{
	*tp = kthread_create(fn, arg, "%s", s);
	if (IS_ERR(*tp)) {
		int ret = PTR_ERR(*tp);

		*tp = NULL;
		return ret;
	}
	if (cbf)
		cbf(*tp);
	wake_up_process(*tp);
	return 0;
}

int _torture_create_kthread_iterant(const struct kthread_iterant *kti, void *arg, char *s,
				    char *m, char *f, struct task_struct **tp,
				    void (*cbf)(struct task_struct *tp))
{
	*tp = kthread_iterant_create(kti, arg, "%s", s);
	if (IS_ERR(*tp)) {
		int ret = PTR_ERR(*tp);

		*tp = NULL;
		return ret;
	}
	if (cbf)
		cbf(*tp);
	wake_up_process(*tp);
	return 0;
}

void _torture_stop_kthread(char *m, struct task_struct **tp)
{
	if (*tp == NULL)
		return;
	VERBOSE_TOROUT_STRING(m);
	kthread_stop(*tp);
	*tp = NULL;
}

static int reader_thread(void *arg)
{
	while (!kthread_should_stop()) {
		if (read_block() < 0)
			break;
		consume_block();
	}
	release_reader();
	return 0;
}

int readers_start(void)
{
	int err;

	err = torture_create_kthread(reader_thread, NULL, reader_task);
	if (err)
		return err;
	return torture_create_kthread_cb(reader_thread, NULL, writer_task, bind_cpu);
}

void readers_stop(void)
{
	torture_stop_kthread(reader_thread, reader_task);
	kthread_stop(writer_task);
}
