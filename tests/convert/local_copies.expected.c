// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a local written before it is read wherever it is used (here before the loop, in
 *   every iteration and after the loop) needs no context: each callback gets its own copy.
 *   An error returned before the loop is init's error (kthread_stop() returns it, as it
 *   returned the thread's value), and the owner calls kthread_stop().
 * Expect: converted
 * Result: init = { int ret; ret = cam_power(c, true); if (ret) return ret; return 0; },
 *   func = { int ret; ret = cam_grab(c); if (ret) cam_log(c, ret); msleep(40); },
 *   destroy = { int ret; ret = cam_power(c, false); cam_log(c, ret); }.
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct cam {
	struct task_struct *task;
};

static int cam_power(struct cam *c, bool on);
static int cam_grab(struct cam *c);
static void cam_log(struct cam *c, int ret);

static int cam_thread_init(void *data)
{
	struct cam *c = data;
	int ret;

	ret = cam_power(c, true);
	if (ret)
		return ret;

	return 0;
}

static void cam_thread_func(void *data)
{
	struct cam *c = data;
	int ret;

	ret = cam_grab(c);
	if (ret)
		cam_log(c, ret);
	msleep(40);
}

static void cam_thread_destroy(void *data)
{
	struct cam *c = data;
	int ret;

	ret = cam_power(c, false);
	cam_log(c, ret);
}

static const struct kthread_iterant cam_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.init = cam_thread_init,
	.func = cam_thread_func,
	.destroy = cam_thread_destroy,
};

int cam_start(struct cam *c)
{
	c->task = kthread_iterant_run(&cam_thread_kti, c, "cam");
	return PTR_ERR_OR_ZERO(c->task);
}

void cam_stop(struct cam *c)
{
	kthread_stop(c->task);
}
