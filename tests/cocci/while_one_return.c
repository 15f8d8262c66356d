// SPDX-License-Identifier: GPL-2.0
/* Shape: while (1) whose stop check returns; usleep_range() between rounds. */
#include <linux/kthread.h>
#include <linux/delay.h>

static int sampler_fn(void *arg)
{
	struct sampler *s = arg;

	while (1) {
		if (kthread_should_stop())
			return 0;
		sampler_read(s);
		usleep_range(1000, 2000);
	}
}

void sampler_init(struct sampler *s)
{
	s->thread = kthread_run(sampler_fn, s, "sampler");
}
