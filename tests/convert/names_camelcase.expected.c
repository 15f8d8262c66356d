// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: naming: a thread function whose name mixes cases gives snake_case names
 *   (checkpatch --strict calls new CamelCase identifiers CAMELCASE): pumpIOThread gives
 *   pump_io_thread_func, _kti, ...; the collision rule applies to those names, so the
 *   existing pump_io_thread_func falls back to pump_io_thread_iterant_func.
 * Expect: converted
 * Result: pump_io_thread_iterant_func, pump_io_thread_kti; no init, no destroy;
 *   .type = KTI_NONFREEZABLE.
 */
#include <linux/kthread.h>
#include <linux/sched.h>

struct pump {
	struct task_struct *task;
};

static void pump_io_thread_func(struct pump *p)
{
}

static void pump_io_thread_iterant_func(void *data)
{
	struct pump *p = data;

	pump_io_thread_func(p);
	schedule_timeout_interruptible(HZ);
}

static const struct kthread_iterant pump_io_thread_kti = {
	.type = KTI_NONFREEZABLE,
	.func = pump_io_thread_iterant_func,
};

int pump_start(struct pump *p)
{
	p->task = kthread_iterant_run(&pump_io_thread_kti, p, "pump");
	return PTR_ERR_OR_ZERO(p->task);
}
