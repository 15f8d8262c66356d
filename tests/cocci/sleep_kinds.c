// SPDX-License-Identifier: GPL-2.0
/*
 * Sleep kinds: schedule_timeout(), msleep(), wait_for_completion().
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect sensor_poll: verdict auto; loop while-not-should-stop; line 25; stop kthread_should_stop
 * expect sensor_poll: exit none; locals s; freezer none; parking none; signals none
 * expect sensor_poll: sleep schedule_timeout, msleep, wait_for_completion
 * expect sensor_poll: reason single while-not-should-stop loop left only through the stop check
 * expect sensor_idle: verdict auto; loop while-not-should-stop; line 39; stop kthread_should_stop
 * expect sensor_idle: exit none; locals s; freezer none; parking none; signals none
 * expect sensor_idle: sleep set_current_state+schedule
 * expect sensor_idle: reason single while-not-should-stop loop left only through the stop check
 * expect create 51: kthread_run sensor_poll function
 * expect create 52: kthread_run sensor_idle function
 */
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/completion.h>

static int sensor_poll(void *data)
{
	struct sensor *s = data;

	while (!kthread_should_stop()) {
		wait_for_completion_interruptible(&s->ready);
		sensor_read(s);
		msleep(20);
		set_current_state(TASK_INTERRUPTIBLE);
		schedule_timeout(s->period);
	}
	return 0;
}

static int sensor_idle(void *data)
{
	struct sensor *s = data;

	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!sensor_has_event(s))
			schedule();
		__set_current_state(TASK_RUNNING);
		sensor_handle_event(s);
	}
	return 0;
}

void sensor_start(struct sensor *s)
{
	s->poll = kthread_run(sensor_poll, s, "sensor-poll");
	s->idle = kthread_run(sensor_idle, s, "sensor-idle");
}
