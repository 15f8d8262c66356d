// SPDX-License-Identifier: GPL-2.0
/* Sleep kinds: schedule_timeout(), msleep(), wait_for_completion(). */
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
