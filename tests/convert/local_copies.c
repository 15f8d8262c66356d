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

static int cam_thread(void *data)
{
	struct cam *c = data;
	int ret;

	ret = cam_power(c, true);
	if (ret)
		return ret;

	while (!kthread_should_stop()) {
		ret = cam_grab(c);
		if (ret)
			cam_log(c, ret);
		msleep(40);
	}

	ret = cam_power(c, false);
	cam_log(c, ret);
	return 0;
}

int cam_start(struct cam *c)
{
	c->task = kthread_run(cam_thread, c, "cam");
	return PTR_ERR_OR_ZERO(c->task);
}

void cam_stop(struct cam *c)
{
	kthread_stop(c->task);
}
