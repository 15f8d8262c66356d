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

static int mon_thread_init(void *data)
{
	struct mon *m = data;

	mon_dbg("started");

	return 0;
}

static void mon_thread_func(void *data)
{
	struct mon *m = data;

	mon_poll(m);
	mon_dbg("polled");
	msleep(100);
}

static void mon_thread_destroy(void *data)
{
	struct mon *m = data;

	mon_dbg("stopped");
}

static const struct kthread_iterant mon_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.init = mon_thread_init,
	.func = mon_thread_func,
	.destroy = mon_thread_destroy,
};

int mon_start(struct mon *m)
{
	m->task = kthread_iterant_run(&mon_thread_kti, m, "mon");
	return PTR_ERR_OR_ZERO(m->task);
}

void mon_stop(struct mon *m)
{
	kthread_stop(m->task);
}
