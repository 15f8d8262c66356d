# SPDX-License-Identifier: GPL-2.0
"""The model of tests/harness/model against the kernel's semantics, one behaviour per test.

Each test compiles a small thread function (or iterant description) against the model, runs
it under a script and compares the raw trace with one written by hand from kernel/kthread.c,
kernel/freezer.c, kernel/sched/core.c and kernel/time/timer.c of Linux 6.12 and API-v2.
"""
import tempfile
import unittest
from pathlib import Path
from typing import List, Sequence

from tests.harness import glue, runner, scripts
from tests.harness.build import Builder
from tests.harness.fixture import Stubs

HEAD = """\
#include <linux/kthread.h>
#include <linux/freezer.h>
#include <linux/delay.h>
#include <linux/wait.h>
#include <linux/sched/signal.h>
#include <linux/list.h>

static void work(void);
static int setup(void);
static void fin(void);
static void poke(void);
static void note(long v);
static void report(long v);
static int step(void);
static wait_queue_head_t wq __maybe_unused;
"""


class ModelTest(unittest.TestCase):
    tmp: tempfile.TemporaryDirectory
    builder: Builder

    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = tempfile.TemporaryDirectory(prefix="kti-harness-model-")
        cls.builder = Builder(Path(cls.tmp.name))
        cls.builder.prepare()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.tmp.cleanup()

    def trace(self, body: str, items: Sequence[str], iterant: bool = False,
              returns: str = "") -> List[str]:
        """Raw trace of HEAD + body: thread function t(), or description t_kti."""
        name = self.id().rsplit(".", 1)[-1]
        source = Path(self.tmp.name) / (name + ".c")
        source.write_text(HEAD + body)
        stubs = Stubs(returns={k: tuple(int(v) for v in vals.split(","))
                               for k, _, vals in (r.partition("=") for r in returns.split())})
        entry = glue.Entry("t_kti" if iterant else "t", iterant)
        exe = self.builder.binary(name, glue.translation_unit(source, source.read_text(),
                                                               entry, stubs), name)
        return runner.run_trace(exe, scripts.Script(name, tuple(items), "test"))

    def check(self, body: str, items: Sequence[str], expected: List[str], **kw) -> None:
        # Script.argv() adds the final stops: drop their events from the trace.
        got = self.trace(body, items, **kw)
        self.assertEqual([r for r in got if r not in ["event " + e for e in scripts.END]],
                         expected)


class LegacyKthread(ModelTest):
    LOOP = """
static int t(void *data)
{
	while (!kthread_should_stop())
		work();
	return 0;
}
"""

    def test_stop_before_the_thread_runs_returns_eintr(self):
        self.check(self.LOOP, ["before-run=stop"], ["event before-run=stop", "stopped -4"])

    def test_exit_value_reaches_kthread_stop(self):
        self.check("static int t(void *data)\n{\n\twork();\n\tkthread_exit(7);\n}\n", [],
                   ["call work()", "end 7", "event stop @exit", "stopped 7"])

    def test_wake_up_between_set_current_state_and_schedule_is_not_lost(self):
        body = """
static int t(void *data)
{
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		poke();
		schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}
"""
        self.check(body, ["call#1=wake", "call#2=stop"],
                   ["call poke()", "event call#1=wake", "call poke()", "event call#2=stop",
                    "stop-seen", "end 0", "stopped 0"])

    LOST = """
static int t(void *data)
{
	while (!kthread_should_stop()) {
		poke();
		set_current_state(TASK_%s);
		schedule();
	}
	return 0;
}
"""

    def test_uninterruptible_sleep_after_a_missed_stop_hangs(self):
        self.check(self.LOST % "UNINTERRUPTIBLE", ["call#1=stop"],
                   ["call poke()", "event call#1=stop", "sleep uninterruptible max void",
                    "hang"])

    def test_kthread_stop_signal_keeps_interruptible_sleeps_from_blocking(self):
        # TIF_NOTIFY_SIGNAL: try_to_block_task() does not block the task.
        self.check(self.LOST % "INTERRUPTIBLE", ["call#1=stop"],
                   ["call poke()", "event call#1=stop", "stop-seen", "end 0", "stopped 0"])

    def test_waits_end_with_erestartsys_after_kthread_stop(self):
        body = """
static int t(void *data)
{
	long ret;

	while (!kthread_should_stop()) {
		ret = wait_event_interruptible(wq, false);
		report(ret);
		report(msleep_interruptible(100));
	}
	return 0;
}
"""
        self.check(body, ["sleep#1=stop"],
                   ["sleep interruptible max", "event sleep#1=stop", "wake stop",
                    "call report(-512)", "call report(100)", "stop-seen", "end 0",
                    "stopped 0"])

    def test_msleep_sleeps_on_after_wake_ups_in_jiffies_of_hz_250(self):
        body = """
static int t(void *data)
{
	while (!kthread_should_stop()) {
		work();
		msleep(40);
	}
	return 0;
}
"""
        self.check(body, ["sleep#1=wake", "sleep#2=stop"],
                   ["call work()", "sleep uninterruptible 10", "event sleep#1=wake",
                    "wake wake", "sleep uninterruptible 10", "event sleep#2=stop",
                    "wake stop", "sleep uninterruptible 10 void", "wake timeout",
                    "stop-seen", "end 0", "stopped 0"])

    def test_delays_round_up_to_jiffies(self):
        body = """
static int t(void *data)
{
	msleep(10);
	ssleep(1);
	usleep_range(100, 200);
	work();
	return 0;
}
"""
        self.check(body, [], ["sleep uninterruptible 3", "wake timeout",
                              "sleep uninterruptible 250", "wake timeout",
                              "sleep uninterruptible 1", "wake timeout", "call work()",
                              "end 0", "event stop @exit", "stopped 0"])

    def test_a_thread_that_sleeps_without_end_is_cut(self):
        # The end of the script stops it in its 40th sleep; it never checks, and its
        # msleep() goes on sleeping: the 4001st sleep ends the run.
        body = "static int t(void *data)\n{\n\tfor (;;)\n\t\tmsleep(10);\n\treturn 0;\n}\n"
        self.check(body, [], ["sleep uninterruptible 3", "wake timeout"] * 39 +
                   ["sleep uninterruptible 3", "wake stop"] +
                   ["sleep uninterruptible 3 void", "wake timeout"] * 3960 + ["runaway"])

    def test_lists_and_a_zeroed_list_head(self):
        body = """
struct item {
	struct list_head node;
	long v;
};
static struct list_head items;
static struct item a = { .v = 1 }, b = { .v = 2 };

static int t(void *data)
{
	struct item *it;

	note(list_empty(&items));
	list_add_tail(&a.node, &items);
	list_add_tail(&b.node, &items);
	list_for_each_entry(it, &items, node)
		note(it->v);
	list_del(&a.node);
	note(list_first_entry(&items, struct item, node)->v);
	return 0;
}
"""
        self.check(body, [], ["call note(1)", "call note(1)", "call note(2)", "call note(2)",
                              "end 0", "event stop @exit", "stopped 0"])

    def test_might_sleep_warns_in_a_sleeping_state(self):
        body = """
static int t(void *data)
{
	set_current_state(TASK_INTERRUPTIBLE);
	try_to_freeze();
	__set_current_state(TASK_RUNNING);
	work();
	return 0;
}
"""
        self.check(body, [], ["warn might_sleep in state interruptible", "call work()",
                              "end 0", "event stop @exit", "stopped 0"])


class LegacyFreezer(ModelTest):
    FREEZE_POINT = """
static int t(void *data)
{
	%s
	while (!kthread_should_stop()) {
		work();
		try_to_freeze();
	}
	return 0;
}
"""

    def test_a_kthread_without_set_freezable_is_not_frozen(self):
        self.check(self.FREEZE_POINT % "", ["call#1=freeze", "call#2=stop"],
                   ["call work()", "event call#1=freeze", "call work()",
                    "event call#2=stop", "stop-seen", "end 0", "stopped 0"])

    def test_a_kthread_without_set_freezable_never_fails_a_freeze(self):
        calls = ["call work()"] * 24
        self.check(self.FREEZE_POINT % "", ["call#1=freeze", "call#24=stop"],
                   calls[:1] + ["event call#1=freeze"] + calls[1:] +
                   ["event call#24=stop", "stop-seen", "end 0", "stopped 0"])

    def test_a_freezable_kthread_freezes_at_try_to_freeze(self):
        self.check(self.FREEZE_POINT % "set_freezable();", ["call#1=freeze", "call#2=stop"],
                   ["call work()", "event call#1=freeze", "frozen", "thawed", "call work()",
                    "event call#2=stop", "stop-seen", "end 0", "stopped 0"])

    def test_freezer_wakes_other_sleeps_then_gives_up(self):
        body = """
static int t(void *data)
{
	set_freezable();
	while (!kthread_should_stop()) {
		work();
		schedule_timeout_interruptible(100);
	}
	return 0;
}
"""
        cut = ["sleep interruptible 100", "wake freezer", "call work()"]
        self.check(body, ["call#1=freeze", "call#5=stop"],
                   ["call work()", "event call#1=freeze"] + cut * 3 +
                   ["sleep interruptible 100", "freeze-failed", "wake timeout", "call work()",
                    "event call#5=stop", "stop-seen", "end 0", "stopped 0"])

    def test_a_freezable_sleep_is_frozen_in_place(self):
        body = """
static int t(void *data)
{
	set_freezable();
	while (!kthread_should_stop()) {
		work();
		wait_event_freezable_timeout(wq, false, 100);
	}
	return 0;
}
"""
        self.check(body, ["sleep#1=freeze", "call#2=stop"],
                   ["call work()", "sleep interruptible 100 freezable",
                    "event sleep#1=freeze", "frozen", "thawed", "wake timeout", "call work()",
                    "event call#2=stop", "stop-seen", "end 0", "stopped 0"])

    def test_a_parked_freezable_kthread_makes_the_freeze_fail(self):
        body = """
static int t(void *data)
{
	set_freezable();
	while (!kthread_should_stop()) {
		if (kthread_should_park())
			kthread_parkme();
		work();
	}
	return 0;
}
"""
        self.check(body, ["call#1=park", "parked#1=freeze"],
                   ["call work()", "event call#1=park", "parked", "event parked#1=freeze",
                    "freeze-failed", "event stop @idle", "unparked stop-pending", "call work()",
                    "stop-seen", "end 0", "stopped 0"])


class LegacyParkAndSignals(ModelTest):
    PARKS = """
static int t(void *data)
{
	while (!kthread_should_stop()) {
		if (kthread_should_park())
			kthread_parkme();
		work();
	}
	return 0;
}
"""

    def test_park_and_unpark(self):
        self.check(self.PARKS, ["call#1=park", "parked#1=unpark", "call#2=stop"],
                   ["call work()", "event call#1=park", "parked", "event parked#1=unpark",
                    "unparked", "call work()", "event call#2=stop", "stop-seen", "end 0",
                    "stopped 0"])

    def test_park_before_the_thread_function(self):
        self.check(self.PARKS, ["before-run=park", "parked#1=unpark", "call#1=stop"],
                   ["event before-run=park", "parked", "event parked#1=unpark", "unparked",
                    "call work()", "event call#1=stop", "stop-seen", "end 0", "stopped 0"])

    def test_kthread_stop_unparks(self):
        self.check(self.PARKS, ["call#1=park", "parked#1=stop"],
                   ["call work()", "event call#1=park", "parked", "event parked#1=stop",
                    "unparked stop-pending", "call work()", "stop-seen", "end 0",
                    "stopped 0"])

    SIGNALS = """
static int t(void *data)
{
	%s
	while (!kthread_should_stop()) {
		work();
		report(signal_pending(current));
		schedule_timeout_interruptible(10);
	}
	return 0;
}
"""

    def test_signals_not_allowed_are_dropped(self):
        self.check(self.SIGNALS % "", ["call#1=signal:9", "call#4=stop"],
                   ["call work()", "event call#1=signal:9", "call report(0)",
                    "sleep interruptible 10", "wake timeout", "call work()", "call report(0)",
                    "event call#4=stop", "stop-seen", "end 0", "stopped 0"])

    def test_an_allowed_signal_wakes_and_stays_pending(self):
        self.check(self.SIGNALS % "allow_signal(SIGTERM);", ["sleep#1=signal:15", "call#6=stop"],
                   ["call work()", "call report(0)", "sleep interruptible 10",
                    "event sleep#1=signal:15", "wake signal", "call work()", "call report(1)",
                    "call work()", "call report(1)", "event call#6=stop", "stop-seen",
                    "end 0", "stopped 0"])


class Iterant(ModelTest):
    def test_stop_before_run_calls_no_callback(self):
        body = """
static int t_init(void *data) { return setup(); }
static void t_func(void *data) { work(); }
static const struct kthread_iterant t_kti = { .init = t_init, .func = t_func };
"""
        self.check(body, ["before-run=stop"], ["event before-run=stop", "stopped -4"],
                   iterant=True)

    def test_init_failure_skips_func_and_destroy_and_reaches_kthread_stop(self):
        body = """
static int t_init(void *data) { return setup(); }
static void t_func(void *data) { work(); }
static void t_destroy(void *data) { fin(); }
static const struct kthread_iterant t_kti = {
	.init = t_init, .func = t_func, .destroy = t_destroy,
};
"""
        self.check(body, [], ["call setup() = -12", "end -12", "sleep idle max freezable",
                              "event stop @idle", "wake stop", "stopped -12"],
                   iterant=True, returns="setup=-12")

    def test_invalid_descriptions_are_refused_at_creation(self):
        bad = {
            "no_func": ".type = 0",
            "unknown_flag": ".type = 0x8000, .func = t_func",
            "timeout_not_positive": ".type = KTI_INT_SLEEP_TIMEOUT, .func = t_func",
            "int_sleep_without_should_run": ".type = KTI_INT_SLEEP, .func = t_func",
            "should_run_without_sleep": ".func = t_func, .should_run = t_run",
        }
        for case, fields in bad.items():
            with self.subTest(case):
                body = """
static void t_func(void *data) { work(); }
static bool t_run(void *data) { return true; }
static const struct kthread_iterant t_kti = { %s };
""" % fields
                self.assertEqual(self.trace(body, [], iterant=True), ["create-failed -22"])

    def test_ctx_area_is_zeroed_per_thread_and_null_without_ctx_size(self):
        body = """
static void t_func(void *data)
{
	unsigned char *c = kthread_iterant_ctx();

	note(c != NULL);
	note(c[0] + c[31]);
	c[0]++;
}
static const struct kthread_iterant t_kti = {
	.type = KTI_NONFREEZABLE, .ctx_size = 32, .func = t_func,
};
"""
        self.check(body, ["call#4=stop"],
                   ["call note(1)", "call note(0)", "call note(1)", "call note(1)",
                    "event call#4=stop", "stop-seen", "end 0", "stopped 0"], iterant=True)
        body = """
static void t_func(void *data) { note(kthread_iterant_ctx() != NULL); }
static const struct kthread_iterant t_kti = { .func = t_func };
"""
        self.check(body, ["call#1=stop"], ["call note(0)", "event call#1=stop", "stop-seen",
                                           "end 0", "stopped 0"], iterant=True)

    def test_pause_once_sleeps_after_one_iteration_until_woken(self):
        body = """
static void t_func(void *data)
{
	if (step())
		kthread_iterant_pause_once();
}
static const struct kthread_iterant t_kti = { .type = KTI_NONFREEZABLE, .func = t_func };
"""
        self.check(body, ["sleep#1=wake", "call#3=stop"],
                   ["call step() = 1", "sleep interruptible max freezable",
                    "event sleep#1=wake", "wake wake", "call step() = 0", "call step() = 0",
                    "event call#3=stop", "stop-seen", "end 0", "stopped 0"],
                   iterant=True, returns="step=1,0,0")

    def test_stop_current_runs_destroy_then_waits_for_kthread_stop(self):
        body = """
static void t_func(void *data)
{
	if (step())
		kthread_stop_current();
}
static void t_destroy(void *data) { fin(); }
static const struct kthread_iterant t_kti = {
	.type = KTI_NONFREEZABLE | KTI_INT_SLEEP_TIMEOUT, .timeout = 10,
	.func = t_func, .destroy = t_destroy,
};
"""
        self.check(body, [], ["call step() = 0", "sleep interruptible 10 freezable",
                              "wake timeout", "call step() = 1", "call fin()", "end 0",
                              "sleep idle max freezable", "event stop @idle", "wake stop",
                              "stopped 0"], iterant=True, returns="step=0,1")

    def test_a_parked_iterant_kthread_freezes_only_after_the_unpark(self):
        body = """
static void t_func(void *data) { work(); }
static const struct kthread_iterant t_kti = { .func = t_func };
"""
        self.check(body, ["call#1=park", "parked#1=freeze"],
                   ["call work()", "event call#1=park", "parked", "event parked#1=freeze",
                    "event stop @idle", "unparked stop-pending", "frozen", "thawed stop-pending",
                    "stop-seen", "end 0", "stopped 0"], iterant=True)

    def test_a_freeze_before_set_freezable_freezes_the_kthread_there(self):
        body = """
static void t_func(void *data) { work(); }
static const struct kthread_iterant t_kti = { .func = t_func };
"""
        self.check(body, ["before-run=freeze", "call#1=stop"],
                   ["event before-run=freeze", "frozen", "thawed", "call work()",
                    "event call#1=stop", "stop-seen", "end 0", "stopped 0"], iterant=True)

    def test_sigkill_with_the_default_action_stops_the_loop(self):
        body = """
static int t_init(void *data) { return kthread_sigaction(SIGKILL, KTHREAD_SIG_DFL); }
static void t_func(void *data) { work(); }
static const struct kthread_iterant t_kti = {
	.type = KTI_NONFREEZABLE | KTI_INT_SLEEP_TIMEOUT, .timeout = 10,
	.init = t_init, .func = t_func,
};
"""
        self.check(body, ["sleep#1=signal:9"],
                   ["call work()", "sleep interruptible 10 freezable",
                    "event sleep#1=signal:9", "wake signal", "end 0",
                    "sleep idle max freezable", "event stop @idle", "wake stop", "stopped 0"],
                   iterant=True)


if __name__ == "__main__":
    unittest.main()
