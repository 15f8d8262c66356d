# SPDX-License-Identifier: GPL-2.0
"""Boot rig: judging a console log (splats, KTAP results, expected cases and scenarios)."""
import contextlib
import io
import sys
import unittest
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "scripts"))

from kti.boot import ktap  # noqa: E402
from kti.boot.kunit_cases import cases_in_source  # noqa: E402
from kti.boot.report import final_line  # noqa: E402
from kti.boot.splats import SPLAT_MARKERS, find_splats  # noqa: E402
from tests.kernel_tree import KERNEL_TREE, skip_unless_in_tree  # noqa: E402

TREE = KERNEL_TREE

KUNIT_LOG = """\
[    0.900000] Run /init as init process
[    1.000000] KTAP version 1
[    1.000000] 1..1
[    1.000000]     KTAP version 1
[    1.000000]     # Subtest: kthread_iterant
[    1.000000]     # module: kthread_iterant_test
[    1.000000]     1..3
[    1.100000]     ok 1 kti_test_order
[    1.200000]     # kti_test_stop: EXPECTATION FAILED at kernel/kthread_iterant_test.c:10
[    1.200000]     not ok 2 kti_test_stop
[    1.300000]     ok 3 kti_test_park
[    1.300000] # kthread_iterant: pass:2 fail:1 skip:0 total:3
[    1.300000] ok 1 kthread_iterant
"""

GUEST_LOG = """\
[    2.000000] kti-init: scenarios begin
[    2.000000] KTAP version 1
[    2.000000] 1..2
[    2.000000]     KTAP version 1
[    2.000000]     # Subtest: 01-debugfs
[    2.000000]     1..2
[    2.100000]     ok 1 - file exists
[    2.150000] PM: suspend entry (s2idle)
[    2.200000]     ok 2 - header
[    2.200000] ok 1 01-debugfs
[    2.300000]     KTAP version 1
[    2.300000]     # Subtest: 02-freeze-stress
[    2.300000]     1..3
[    2.400000]     ok 1 - module loads
[    2.400000]     # 02-freeze-stress: exit status 143
[    2.400000] not ok 2 02-freeze-stress
[    2.500000] kti-init: scenarios end
[    2.600000] reboot: Restarting system
"""


class SplatTest(unittest.TestCase):
    def test_every_marker_is_found(self) -> None:
        for marker in SPLAT_MARKERS:
            with self.subTest(marker=marker):
                found = find_splats(["[ 1.0] fine", f"[ 2.0] x {marker} y"])
                self.assertEqual([(s.lineno, s.marker) for s in found], [(2, marker)])

    def test_clean_boot_has_none(self) -> None:
        lines = (KUNIT_LOG + GUEST_LOG).splitlines()
        self.assertEqual(find_splats(lines), [])

    def test_lockdep_report(self) -> None:
        log = ["[ 5.0] ======================================================",
               "[ 5.0] WARNING: possible circular locking dependency detected",
               "[ 5.1] kti_iter/0/42 is trying to acquire lock:"]
        found = find_splats(log)
        self.assertEqual(len(found), 1)
        self.assertEqual(found[0].lineno, 2)

    def test_freezer_failure(self) -> None:
        log = ["[ 9.0] Freezing remaining freezable tasks failed after 20.003 seconds "
               "(1 tasks refusing to freeze, wq_busy=0):"]
        self.assertEqual(find_splats(log)[0].marker, "refusing to freeze")


class SplitLogTest(unittest.TestCase):
    def test_split_at_markers(self) -> None:
        kernel, guest = ktap.split_log((KUNIT_LOG + GUEST_LOG).splitlines())
        self.assertTrue(kernel[-1].endswith("ok 1 kthread_iterant"))
        self.assertIsNotNone(guest)
        self.assertTrue(guest[0].endswith("KTAP version 1"))
        self.assertFalse(any(ktap.SCENARIOS_END in line for line in guest))

    def test_guest_never_started(self) -> None:
        kernel, guest = ktap.split_log(KUNIT_LOG.splitlines())
        self.assertIsNone(guest)
        self.assertEqual(len(kernel), len(KUNIT_LOG.splitlines()))

    def test_guest_died_mid_scenario(self) -> None:
        lines = GUEST_LOG.splitlines()[:8]
        _, guest = ktap.split_log(lines)
        self.assertEqual(len(guest), 7)


@skip_unless_in_tree("tools/testing/kunit/kunit_parser.py")
class KtapOutcomeTest(unittest.TestCase):
    def setUp(self) -> None:
        self.parser = ktap.load_kunit_parser(TREE)

    def captured(self, func, *args):  # noqa: ANN001, ANN201 (test helper)
        """func(*args) and what it printed, through print() or kunit_printer."""
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            printer = sys.modules["kunit_printer"].stdout
            saved, printer._output = printer._output, output
            try:
                return func(*args), output.getvalue()
            finally:
                printer._output = saved

    def quiet(self, func, *args):  # noqa: ANN001, ANN201 (test helper)
        return self.captured(func, *args)[0]

    def test_failed_and_missing_cases(self) -> None:
        outcomes = self.quiet(ktap.kunit_outcomes, self.parser, KUNIT_LOG.splitlines(),
                              "kthread_iterant",
                              ["kti_test_order", "kti_test_stop", "kti_test_park",
                               "kti_test_signals"])
        verdicts = {o.name: o.passed for o in outcomes}
        self.assertEqual(verdicts, {"kthread_iterant.kti_test_order": True,
                                    "kthread_iterant.kti_test_stop": False,
                                    "kthread_iterant.kti_test_park": True,
                                    "kthread_iterant.kti_test_signals": False})
        missing = [o for o in outcomes if o.name.endswith("kti_test_signals")][0]
        self.assertEqual(missing.detail, "missing from the log")

    def test_kernel_messages_anywhere_in_the_suite(self) -> None:
        # Another CPU may print between any two KTAP lines; no position may lose a case.
        lines = KUNIT_LOG.splitlines()
        expected = {"kthread_iterant.kti_test_order": True,
                    "kthread_iterant.kti_test_stop": False,
                    "kthread_iterant.kti_test_park": True}
        for position in range(1, len(lines)):
            with self.subTest(position=position):
                noisy = lines[:position] + [
                    "[    1.050000] clocksource: Switched to clocksource tsc",
                    "[    1.050000]   \"trace_clock=local\""] + lines[position:]
                outcomes = self.quiet(ktap.kunit_outcomes, self.parser, noisy,
                                      "kthread_iterant",
                                      [name.split(".")[1] for name in expected])
                self.assertEqual({o.name: o.passed for o in outcomes}, expected)

    def test_ktap_lines_strip_timestamps_and_foreign_messages(self) -> None:
        self.assertEqual(ktap.ktap_lines(["[   12.345678]     ok 1 - a",
                                          "[   12.345678] PM: suspend entry (s2idle)",
                                          "    # diagnostic",
                                          "[    1.000000] KTAP version 1"]),
                         ["    ok 1 - a", "    # diagnostic", "KTAP version 1"])

    def test_suite_absent_fails_every_expected_case(self) -> None:
        outcomes = self.quiet(ktap.kunit_outcomes, self.parser, ["[ 1.0] no tests here"],
                              "kthread_iterant", ["a", "b"])
        self.assertEqual([(o.name, o.passed) for o in outcomes],
                         [("kthread_iterant.a", False), ("kthread_iterant.b", False)])

    def test_empty_kunit_run_is_no_error(self) -> None:
        # The baseline kernel has KUnit but no suite: nothing to judge, nothing to print.
        outcomes, output = self.captured(ktap.kunit_outcomes, self.parser,
                                         ["[    1.6] KTAP version 1", "[    1.6] 1..0"],
                                         "kthread_iterant", [])
        self.assertEqual(outcomes, [])
        self.assertEqual(output, "")

    def test_scenarios(self) -> None:
        _, guest = ktap.split_log(GUEST_LOG.splitlines())
        outcomes = self.quiet(ktap.scenario_outcomes, self.parser, guest,
                              ["01-debugfs", "02-freeze-stress", "03-freeze-proof"])
        verdicts = [(o.name, o.passed) for o in outcomes]
        self.assertIn(("01-debugfs: file exists", True), verdicts)
        self.assertIn(("01-debugfs: header", True), verdicts)
        self.assertIn(("02-freeze-stress: module loads", True), verdicts)
        # Died after 1 of 3 planned results: the two it never printed fail.
        self.assertIn(("02-freeze-stress: result 2 missing from the log", False), verdicts)
        self.assertIn(("02-freeze-stress: result 3 missing from the log", False), verdicts)
        self.assertIn(("03-freeze-proof", False), verdicts)
        self.assertEqual(final_line(outcomes), "boot-test: 3 passed, 3 failed")

    def test_scenario_that_failed_without_a_failed_line(self) -> None:
        log = ["[ 1.0] KTAP version 1", "[ 1.0] 1..1", "[ 1.0]     KTAP version 1",
               "[ 1.0]     # Subtest: 01-a", "[ 1.0]     1..1", "[ 1.0]     ok 1 - fine",
               "[ 1.0]     # 01-a: exit status 2", "[ 1.0] not ok 1 01-a"]
        outcomes = self.quiet(ktap.scenario_outcomes, self.parser, log, ["01-a"])
        self.assertEqual([(o.name, o.passed) for o in outcomes],
                         [("01-a: fine", True), ("01-a", False)])

    def test_scenarios_never_started(self) -> None:
        outcomes = ktap.scenario_outcomes(self.parser, None, ["01-debugfs"])
        self.assertEqual([(o.passed, o.detail) for o in outcomes],
                         [(False, "scenarios never started")])


class KunitCasesTest(unittest.TestCase):
    SOURCE = """
static void helper(void) { }
static struct kunit_case other_cases[] = {
	KUNIT_CASE(not_ours),
	{}
};
static struct kunit_case kti_cases[] = {
	KUNIT_CASE(kti_test_order),
	/* KUNIT_CASE(kti_test_disabled), */
	KUNIT_CASE_SLOW(kti_test_freeze),
	KUNIT_CASE_PARAM(kti_test_flags, kti_flags_gen_params),
	KUNIT_CASE_ATTR(kti_test_attr, {.speed = KUNIT_SPEED_SLOW}),
	{}
};
static struct kunit_suite other_suite = {
	.name = "other",
	.test_cases = other_cases,
};
static struct kunit_suite kti_suite = {
	.name = "kthread_iterant",
	.attr = { .speed = KUNIT_SPEED_NORMAL },
	.test_cases = kti_cases,
};
kunit_test_suites(&other_suite, &kti_suite);
"""

    def test_cases_of_the_named_suite_only(self) -> None:
        self.assertEqual(cases_in_source(self.SOURCE, "kthread_iterant"),
                         ["kti_test_order", "kti_test_freeze", "kti_test_flags",
                          "kti_test_attr"])

    def test_other_suite(self) -> None:
        self.assertEqual(cases_in_source(self.SOURCE, "other"), ["not_ours"])

    def test_absent_suite(self) -> None:
        self.assertEqual(cases_in_source(self.SOURCE, "nope"), [])


if __name__ == "__main__":
    unittest.main()
