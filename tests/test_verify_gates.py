# SPDX-License-Identifier: GPL-2.0
"""Gates 1, 3 and 5 on the hand-written patches (see tests/verify_support.py): each broken
patch fails exactly the check it breaks, the correct conversion passes all three."""
import unittest
from pathlib import Path

from tests.verify_support import TREE, unit

from kti.convert import Outcome, plan_tree
from kti.convert.onefile import file_tree

from kti import spatch as sp
from kti.verify import gate_apply, gate_checkpatch, gate_detector
from kti.verify.model import Gate, Status, Unit
from kti.verify.pipeline import DETECTOR, SPATCH_TIMEOUT
from kti.verify.unitfiles import materialize


def parse_gate(name: str):  # noqa: ANN201 (returns GateResult)
    spatch = sp.locate()
    with materialize(TREE, unit(name).patch) as files:
        return gate_apply.parses(files, spatch, sp.cocci_options(DETECTOR), SPATCH_TIMEOUT)


def detector_gate(name: str):  # noqa: ANN201
    with materialize(TREE, unit(name).patch) as files:
        return gate_detector.check(files, unit(name), sp.locate(), DETECTOR, SPATCH_TIMEOUT)


class ApplyGateTest(unittest.TestCase):
    def test_correct_conversion_applies_and_parses(self) -> None:
        self.assertEqual(gate_apply.applies(TREE, unit("tps65217-converted").patch).status,
                         Status.PASS)
        self.assertEqual(parse_gate("tps65217-converted").status, Status.PASS)

    def test_context_mismatch_does_not_apply(self) -> None:
        result = gate_apply.applies(TREE, unit("does-not-apply").patch)
        self.assertEqual((result.gate, result.status), (Gate.APPLY, Status.FAIL))
        self.assertIn("does not apply", result.detail)
        self.assertIn("tps65217_charger.c", result.detail)

    def test_unparsable_new_code_fails_the_parse_check(self) -> None:
        self.assertEqual(gate_apply.applies(TREE, unit("parse-error").patch).status,
                         Status.PASS)
        result = parse_gate("parse-error")
        self.assertEqual((result.gate, result.status), (Gate.APPLY, Status.FAIL))
        self.assertIn("spatch --parse-c", result.detail)

    def test_old_parse_errors_are_not_new(self) -> None:
        # The broken patches that parse fine must pass this half of gate 1.
        for name in ("legacy-loop", "checkpatch", "old-name"):
            with self.subTest(name):
                self.assertEqual(parse_gate(name).status, Status.PASS)


class CheckpatchGateTest(unittest.TestCase):
    def test_correct_conversion_is_clean(self) -> None:
        result = gate_checkpatch.check(TREE, unit("tps65217-converted").patch)
        self.assertEqual(result.status, Status.PASS, result.detail)

    def test_missing_space_before_parenthesis_fails(self) -> None:
        result = gate_checkpatch.check(TREE, unit("checkpatch").patch)
        self.assertEqual((result.gate, result.status), (Gate.CHECKPATCH, Status.FAIL))
        self.assertIn("SPACING", result.detail)
        self.assertEqual(len(result.data["issues"]), 1)


class DetectorGateTest(unittest.TestCase):
    def test_correct_conversion_leaves_no_loop_and_no_old_name(self) -> None:
        result = detector_gate("tps65217-converted")
        self.assertEqual(result.status, Status.PASS, result.detail)

    def test_stop_loop_left_in_func_fails(self) -> None:
        result = detector_gate("legacy-loop")
        self.assertEqual((result.gate, result.status), (Gate.DETECTOR, Status.FAIL))
        self.assertIn("tps65217_charger_poll_func() still has a while-not-should-stop loop",
                      result.detail)

    def test_old_name_left_at_creation_site_fails(self) -> None:
        result = detector_gate("old-name")
        self.assertEqual(result.status, Status.FAIL)
        self.assertIn(":225: old thread function name still used", result.detail)


class StopHelperElsewhereTest(unittest.TestCase):
    """The legacy main loop ends on a stop helper defined in another file (the engine's
    facts name it): gate 5 must take the do-while on it, not the inner
    `while (... && !kthread_should_stop())`, as the main loop, so the inner loop moved
    unchanged into func passes."""

    def test_inner_stop_loop_moved_into_func_passes(self) -> None:
        folder = Path(__file__).resolve().parent / "verify" / "stop_helper"
        with file_tree([folder / "fqs.c", folder / "torture_helper.c"]) as (tree, inv):
            conv = next(c for c in plan_tree(tree, inv) if ":fqs_thread:" in c.unit_id)
            self.assertIs(conv.outcome, Outcome.CONVERTED, conv.reason)
            self.assertEqual(conv.facts["stop_helper"], "torture_must_stop")
            checked = Unit(unit_id=conv.unit_id, thread_functions=conv.thread_functions,
                           patch=conv.patch, files=conv.files, facts=conv.facts)
            with materialize(tree, conv.patch) as files:
                result = gate_detector.check(files, checked, sp.locate(), DETECTOR,
                                             SPATCH_TIMEOUT)
        self.assertEqual(result.status, Status.PASS, result.detail)


class OldNameTest(unittest.TestCase):
    def test_comments_strings_and_members_are_not_uses(self) -> None:
        text = ("static int foo(void *d)\n{\n\t/* foo */ x.foo = 1; p->foo = 2;\n"
                "\ty = \"foo\";\n\treturn bar(foo);\n}\n")
        self.assertEqual(gate_detector.old_name_uses(text, ["foo"]), [1, 5])

    def test_callbacks_come_from_the_description(self) -> None:
        text = ("static const struct kthread_iterant t_kti = {\n\t.type = KTI_INT_SLEEP,\n"
                "\t.init = t_init, .func = &t_func,\n\t.should_run = t_should_run,\n};\n"
                "static struct other o = { .func = not_a_callback };\n")
        self.assertEqual(gate_detector.callbacks(text), {"t_init", "t_func", "t_should_run"})

    def test_probe_declares_void_callbacks_int(self) -> None:
        text = "static void t_func(void *data)\n{\n}\nstatic void other(void *data)\n{\n}\n"
        probed = gate_detector.probe_text(text, {"t_func"})
        self.assertIn("static int t_func(void *data)", probed)
        self.assertIn("static void other(void *data)", probed)


if __name__ == "__main__":
    unittest.main()
