// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: spatch cannot parse the #define right after the thread function, and its error
 *   recovery takes in the end of the definition before it: the legacy function's brace,
 *   then the new description's `};`, a line the conversion wrote.  The detector (and gate
 *   1) would lose it: refused, as cmm_thread of arch/powerpc/platforms/pseries/cmm.c.
 * Expect: refused: self-check of the converted text failed: spatch --parse-c: written line
 */
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/device.h>

struct gauge {
	struct task_struct *task;
};

static unsigned long level;

static void gauge_sample(struct gauge *g);

static int gauge_thread(void *data)
{
	struct gauge *g = data;

	while (!kthread_should_stop()) {
		gauge_sample(g);
		msleep(100);
	}
	return 0;
}

#define GAUGE_SHOW(name, format, args...)			\
	static ssize_t show_##name(struct device *dev,	\
				   struct device_attribute *attr,	\
				   char *buf)			\
	{							\
		return sprintf(buf, format, ##args);		\
	}							\
	static DEVICE_ATTR(name, 0444, show_##name, NULL)

GAUGE_SHOW(level, "%lu\n", level);

int gauge_start(struct gauge *g)
{
	g->task = kthread_run(gauge_thread, g, "gauge");
	return PTR_ERR_OR_ZERO(g->task);
}

void gauge_stop(struct gauge *g)
{
	kthread_stop(g->task);
}
