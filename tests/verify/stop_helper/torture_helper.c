// SPDX-License-Identifier: GPL-2.0
#include <linux/kthread.h>

bool torture_must_stop_irq(void);

bool torture_must_stop(void)
{
	return torture_must_stop_irq() || kthread_should_stop();
}
