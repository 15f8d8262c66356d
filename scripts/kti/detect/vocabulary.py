# SPDX-License-Identifier: GPL-2.0
"""The calls the detector knows by name, in the canonical order of the facts contract."""

FREEZER = ("set_freezable", "try_to_freeze", "kthread_freezable_should_stop",
           "wait_event_freezable")
PARKING = ("kthread_should_park", "kthread_parkme")
SIGNALS = ("allow_signal", "allow_kernel_signal", "disallow_signal", "signal_pending",
           "flush_signals", "kernel_dequeue_signal")
SLEEP = ("schedule_timeout", "msleep", "wait_event", "set_current_state+schedule",
         "wait_for_completion", "usleep_range", "schedule")
EXITS = ("break", "return", "goto")

KTHREAD_STOP = "kthread_should_stop"
FREEZABLE_STOP = "kthread_freezable_should_stop"
SVC_STOP = "svc_thread_should_stop"
#: Predicates that are a kthread stop check in themselves.
STOP_PREDICATES = (KTHREAD_STOP, FREEZABLE_STOP, SVC_STOP)

#: Calls that only put the thread to sleep or test the stop condition: a stop loop made of
#: nothing else is a wait-for-stop loop.
SLEEPISH = frozenset((
    "set_current_state", "__set_current_state", "schedule",
    "schedule_timeout", "schedule_timeout_interruptible",
    "schedule_timeout_uninterruptible", "schedule_timeout_idle",
    "schedule_timeout_killable", "msleep", "msleep_interruptible",
    "ssleep", "usleep_range", "usleep_range_state", "fsleep",
    "try_to_freeze", "cpu_relax", "cond_resched",
    "kthread_should_stop", "kthread_freezable_should_stop"))

#: Calls allowed in the initializer of a "simple" persistent local.
PURE_CALLS = frozenset(("sizeof", "container_of", "msecs_to_jiffies", "usecs_to_jiffies",
                        "secs_to_jiffies", "ARRAY_SIZE", "BIT", "offsetof", "__alignof__"))

ASSIGN_OPS = frozenset(("+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>="))

SVC_REASON = "svc thread: the sunrpc svc layer runs its loop"
GOTO_LOOP_REASON = "loops with a backward goto"
