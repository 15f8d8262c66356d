// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: of the two torture_create_kthread() calls, the first stores its task through
 *   reader_task, which is never passed to torture_stop_kthread() (only writer_task, the
 *   second's, is): the thread that leaves its loop on its own would wait for a
 *   kthread_stop() that never comes.
 * Expect: refused: ends on its own and its owner never calls kthread_stop()
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
	return torture_create_kthread(reader_thread, NULL, writer_task);
}

void readers_stop(void)
{
	torture_stop_kthread(reader_thread, writer_task);
}
