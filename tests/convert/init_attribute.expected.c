// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a thread function marked __init (ring buffer and trace event self-tests) gives
 *   callbacks marked __init in the same place and an __initconst description: they live
 *   as long as the legacy function did, and the creation site is __init code too.
 * Expect: converted
 * Result: static __init int selftest_thread_init() = { set_current_state(
 *   TASK_INTERRUPTIBLE); }; static __init void selftest_thread_func() = { schedule();
 *   set_current_state(TASK_INTERRUPTIBLE); }; static __init void
 *   selftest_thread_destroy() = { __set_current_state(TASK_RUNNING); };
 *   selftest_thread_kti __initconst; KTI_NONFREEZABLE.
 */
#include <linux/init.h>
#include <linux/kthread.h>
#include <linux/sched.h>

static __init int selftest_thread_init(void *unused)
{
	set_current_state(TASK_INTERRUPTIBLE);

	return 0;
}

static __init void selftest_thread_func(void *unused)
{
	schedule();
	set_current_state(TASK_INTERRUPTIBLE);
}

static __init void selftest_thread_destroy(void *unused)
{
	__set_current_state(TASK_RUNNING);
}

static const struct kthread_iterant selftest_thread_kti __initconst = {
	.type = KTI_NONFREEZABLE,
	.init = selftest_thread_init,
	.func = selftest_thread_func,
	.destroy = selftest_thread_destroy,
};

static __init int selftest(void)
{
	struct task_struct *t;

	t = kthread_iterant_run(&selftest_thread_kti, NULL, "selftest");
	if (IS_ERR(t))
		return PTR_ERR(t);
	kthread_stop(t);
	return 0;
}
late_initcall(selftest);
