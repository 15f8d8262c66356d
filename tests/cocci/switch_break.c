// SPDX-License-Identifier: GPL-2.0
/*
 * A break inside a switch and inside an inner loop does not leave the
 * thread loop; neither does a goto to a label inside the loop.
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect cmd_thread: verdict auto; loop while-not-should-stop; line 19; stop kthread_should_stop
 * expect cmd_thread: exit none; locals q; freezer none; parking none; signals none
 * expect cmd_thread: sleep wait_event; jumps none
 * expect cmd_thread: reason single while-not-should-stop loop left only through the stop check
 * expect create 43: kthread_run cmd_thread function
 */
#include <linux/kthread.h>

static int cmd_thread(void *data)
{
	struct cmd_queue *q = data;

	while (!kthread_should_stop()) {
		struct cmd *c;
retry:
		c = cmd_next(q);
		switch (c->op) {
		case CMD_READ:
			cmd_read(q, c);
			break;
		case CMD_AGAIN:
			goto retry;
		default:
			break;
		}
		for (int i = 0; i < 4; i++) {
			if (cmd_done(q, i))
				break;
		}
		wait_event_interruptible(q->wq, q->count || kthread_should_stop());
	}
	return 0;
}

void cmd_start(struct cmd_queue *q)
{
	q->task = kthread_run(cmd_thread, q, "cmd");
}
