// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: `typeof(c->ops->send) send = c->ops->send;` is a declaration (typeof is a type
 *   specifier); the value is read from memory once, so it is a context field, but its
 *   type names the local c, which the context structure cannot see: refused.
 * Expect: refused: local cannot move to the per-thread context: the type of 'send' names 'c'
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct chan_ops {
	int (*send)(int id);
};

struct chan {
	int id;
	const struct chan_ops *ops;
	struct task_struct *task;
};

static int chan_thread(void *data)
{
	struct chan *c = data;
	typeof(c->ops->send) send = c->ops->send;

	while (!kthread_should_stop()) {
		send(c->id);
		msleep(10);
	}
	return 0;
}

int chan_start(struct chan *c)
{
	c->task = kthread_run(chan_thread, c, "chan");
	return PTR_ERR_OR_ZERO(c->task);
}

void chan_stop(struct chan *c)
{
	kthread_stop(c->task);
}
