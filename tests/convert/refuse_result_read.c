// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: the owner reads kthread_stop()'s result (uea_kthread) and the thread returns an error from its loop: an iterant kthread's kthread_stop() would return 0.
 * Expect: refused: kthread_stop()'s result is read and the thread can return non-zero
 */
#include <linux/kthread.h>
#include <linux/delay.h>

struct modem {
	struct task_struct *task;
};

static int modem_poll(struct modem *m);

static int modem_thread(void *data)
{
	struct modem *m = data;
	int ret = 0;

	while (!kthread_should_stop()) {
		ret = modem_poll(m);
		if (ret < 0)
			break;
		msleep(100);
	}
	return ret;
}

int modem_start(struct modem *m)
{
	m->task = kthread_run(modem_thread, m, "modem");
	return PTR_ERR_OR_ZERO(m->task);
}

int modem_stop(struct modem *m)
{
	return kthread_stop(m->task);
}
