// SPDX-License-Identifier: GPL-2.0
/* toyfs mount: starts the garbage collector and a one-shot helper. */
#include <linux/kthread.h>

int toyfs_gc_thread(void *data);
int toyfs_oneshot(void *arg);

int toyfs_fill_super(void *sb, int *done)
{
	struct task_struct *gc, *once;

	gc = kthread_create(toyfs_gc_thread, sb, "toyfs_gcd");
	if (IS_ERR(gc))
		return PTR_ERR(gc);
	wake_up_process(gc);
	once = kthread_run(toyfs_oneshot, done, "toyfs_once");
	return PTR_ERR_OR_ZERO(once);
}
