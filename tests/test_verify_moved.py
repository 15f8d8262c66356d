# SPDX-License-Identifier: GPL-2.0
"""Gate 5's reading of stop checks a callback may keep (kti.verify.moved) and its old-name
test: small C texts, expected lines written from the texts."""
import tempfile
import unittest
from pathlib import Path

from kti.detect.classify import Helpers
from kti.detect.source import SourceFile
from kti.convert import plan_tree
from kti.convert.onefile import file_tree
from kti.verify import gate_detector, moved
from kti.verify.engine import to_unit
from kti.verify.unitfiles import materialize

LEGACY = """static int t(void *d)
{
	drain(d);
	while (!kthread_should_stop()) {
		work(d);
		do {
			if (check(d) < 0)
				goto out;
		} while (busy(d) && !kthread_should_stop());
		delay = 10;
		while (delay && !kthread_should_stop())
			delay = nap(delay);
	}
out:
	return 0;
}

static int drain(void *d)
{
	while (!list_empty(d)) {
		if (kthread_should_stop())
			return 0;
		one(d);
	}
	return 1;
}
"""

#: Line 4 holds the main loop of LEGACY; the callbacks below start at line 30.
HELPERS = Helpers(frozenset(), {"drain": False})
EXITS = [{"line": 8, "legacy": "goto out ;", "now": "kthread_stop_current(); return;"}]


def left(callback: str, role: str, ctx_fields=()) -> list:
    legacy = SourceFile("t.c", LEGACY).definition("t")
    parts = moved.legacy_parts(legacy, HELPERS, EXITS)
    text = LEGACY + "\n" * (29 - LEGACY.count("\n")) + callback
    body = SourceFile("t.c", text).definition(role)
    return moved.left_behind(body, role, parts, HELPERS, "ctx", list(ctx_fields), EXITS)


class MovedTest(unittest.TestCase):
    def test_inner_loops_moved_unchanged_into_func_pass(self) -> None:
        func = ("static int func(void *d)\n{\n\twork(d);\n\tdo {\n\t\tif (check(d) < 0) {\n"
                "\t\t\tkthread_stop_current();\n\t\t\treturn;\n\t\t}\n"
                "\t} while (busy(d) && !kthread_should_stop());\n\tctx->delay = 10;\n"
                "\twhile (ctx->delay && !kthread_should_stop())\n"
                "\t\tctx->delay = nap(ctx->delay);\n}\n")
        self.assertEqual(left(func, "func", ["delay"]), [])

    def test_main_loop_left_in_func_fails(self) -> None:
        func = ("static int func(void *d)\n{\n\twhile (!kthread_should_stop()) {\n"
                "\t\twork(d);\n\t}\n}\n")
        self.assertEqual(left(func, "func"), [32])

    def test_changed_inner_loop_fails(self) -> None:
        # The stop test of the inner wait loop is gone: not the legacy loop any more.
        func = ("static int func(void *d)\n{\n\tdelay = 10;\n"
                "\twhile (delay && !kthread_should_stop() && ready(d))\n"
                "\t\tdelay = nap(delay);\n}\n")
        self.assertEqual(left(func, "func"), [33])

    def test_inner_loop_twice_in_func_fails_once(self) -> None:
        loop = "\twhile (delay && !kthread_should_stop())\n\t\tdelay = nap(delay);\n"
        func = "static int func(void *d)\n{\n" + loop + loop + "}\n"
        self.assertEqual(left(func, "func"), [34])

    def test_stop_helper_call_before_the_loop_moves_into_init(self) -> None:
        init = "static int init(void *d)\n{\n\tdrain(d);\n\treturn 0;\n}\n"
        self.assertEqual(left(init, "init"), [])

    def test_stop_helper_call_before_the_loop_does_not_belong_in_func(self) -> None:
        func = "static int func(void *d)\n{\n\tdrain(d);\n\twork(d);\n}\n"
        self.assertEqual(left(func, "func"), [32])

    def test_exit_rewrite_must_match_the_recorded_exit(self) -> None:
        # `return;` is no rewrite of `goto out;` in EXITS.
        func = ("static int func(void *d)\n{\n\tdo {\n\t\tif (check(d) < 0)\n"
                "\t\t\treturn;\n\t} while (busy(d) && !kthread_should_stop());\n}\n")
        self.assertEqual(left(func, "func"), [32])

    def test_no_main_loop_gives_no_parts(self) -> None:
        plain = "static int once(void *d)\n{\n\twork(d);\n\treturn 0;\n}\n"
        legacy = SourceFile("t.c", plain).definition("once")
        self.assertIsNone(moved.legacy_parts(legacy, Helpers(), []))


class OldNameDeclarationsTest(unittest.TestCase):
    def test_member_declaration_and_shadowing_local_are_not_uses(self) -> None:
        text = ("static int foo(void *d)\n{\n\treturn 0;\n}\n"
                "struct desc {\n\tint (*foo)(void);\n};\n"
                "static void stop(void)\n{\n\tstruct task_struct *foo = t;\n\n"
                "\tkthread_stop(foo);\n\tx->foo = NULL;\n}\n")
        self.assertEqual(gate_detector.old_name_uses(text, ["foo"]), [1])

    def test_real_uses_are_counted(self) -> None:
        text = ("static int foo(void *d)\n{\n\treturn 0;\n}\n"
                "static void start(void)\n{\n\tt = kthread_run(foo, NULL, \"x\");\n"
                "\tif (fn == foo)\n\t\tp = &foo;\n}\n")
        self.assertEqual(gate_detector.old_name_uses(text, ["foo"]), [1, 7, 8, 9])


PAIR = """\
#include <linux/kthread.h>

static int rx_thread(void *data)
{
	while (!kthread_should_stop()) {
		rx_once(data);
		while (!rx_ready(data) && !kthread_should_stop())
			schedule_timeout_interruptible(1);
	}
	return 0;
}

static int tx_thread(void *data)
{
	while (!kthread_should_stop()) {
		tx_once(data);
		while (!tx_ready(data) && !kthread_should_stop())
			schedule_timeout_interruptible(2);
	}
	return 0;
}

int pair_start(void *p)
{
	kthread_run(rx_thread, p, "rx");
	kthread_run(tx_thread, p, "tx");
	return 0;
}
"""


class SharedFileUnitTest(unittest.TestCase):
    """A unit of two thread functions: each callback is judged against its own legacy
    function (tx_thread_func's inner wait is not rx_thread's)."""

    def test_each_callback_against_its_own_function(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "pair.c").write_text(PAIR)
            with file_tree([Path(tmp) / "pair.c"]) as (tree, inventory):
                (conv,) = plan_tree(tree, inventory)
                self.assertEqual(len(conv.thread_functions), 2, conv.reason)
                unit = to_unit(conv)
                with materialize(tree, unit.patch) as files:
                    legacy = gate_detector._Legacy(files, "pair.c", unit, [])
                    self.assertEqual(legacy.left_behind("rx_thread_func"), [])
                    self.assertEqual(legacy.left_behind("tx_thread_func"), [])


if __name__ == "__main__":
    unittest.main()
