// SPDX-License-Identifier: GPL-2.0
/* toyfs one-shot helper: runs once, started from super.c. */

int toyfs_oneshot(void *arg)
{
	int *done = arg;

	*done = 1;
	return 0;
}
