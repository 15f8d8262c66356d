// SPDX-License-Identifier: GPL-2.0
/*
 * Shape: while (1) whose stop check returns; usleep_range() between rounds.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect sampler_fn: verdict auto; loop infinite-with-stop-check; line 20; stop kthread_should_stop
 * expect sampler_fn: exit none; locals s; freezer none; parking none; signals none
 * expect sampler_fn: sleep usleep_range
 * expect sampler_fn: loop_at 20:1; cond 20:8-20:9; braces 20:11 25:1; jumps return@22:3 stop
 * expect sampler_fn: reason single infinite-with-stop-check loop left only through the stop check
 * expect create 30: kthread_run sampler_fn function
 */
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
