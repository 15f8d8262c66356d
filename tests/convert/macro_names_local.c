// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a macro of the file naming a local it does not take as an argument (mon_dbg()
 *   prints m->name) uses that local wherever it is used: m, repeated from the argument,
 *   is declared in init and destroy too, where only the macro names it.
 * Expect: converted
 * Result: init = { struct mon *m = data; mon_dbg("started"); return 0; }, func =
 *   { struct mon *m = data; mon_poll(m); mon_dbg("polled"); msleep(100); }, destroy =
 *   { struct mon *m = data; mon_dbg("stopped"); }; KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/printk.h>

#define mon_dbg(what) pr_debug("%s: %s\n", m->name, what)

struct mon {
	const char *name;
	struct task_struct *task;
};

static void mon_poll(struct mon *m);

static int mon_thread(void *data)
{
	struct mon *m = data;

	mon_dbg("started");
	while (!kthread_should_stop()) {
		mon_poll(m);
		mon_dbg("polled");
		msleep(100);
	}
	mon_dbg("stopped");
	return 0;
}

int mon_start(struct mon *m)
{
	m->task = kthread_run(mon_thread, m, "mon");
	return PTR_ERR_OR_ZERO(m->task);
}

void mon_stop(struct mon *m)
{
	kthread_stop(m->task);
}
