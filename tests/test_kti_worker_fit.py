# SPDX-License-Identifier: GPL-2.0
"""The kthread_worker numbers of the cover letter: the rule, and the letter matches it."""
import re
import unittest
from pathlib import Path

from kti.worker_fit import Fit, classify, count, count_inventory

PROJECT = Path(__file__).resolve().parents[1]
INVENTORY = PROJECT / "reports" / "linux-6.12" / "inventory.json"
COVER = PROJECT / "kernel-patches" / "cover-letter.txt"


def fn(kind="kthread", loop="while-not-should-stop", sleep=(), freezer=()):  # noqa: ANN001,ANN201
    return {"kind": kind, "loop": loop, "sleep": list(sleep), "freezer": list(freezer)}


class ClassifyTest(unittest.TestCase):
    def test_untimed_waits_are_event_driven(self) -> None:
        self.assertEqual(classify(fn(sleep=["wait_event", "wait_for_completion"])), Fit.EVENT)
        self.assertEqual(classify(fn(sleep=["set_current_state+schedule"])), Fit.EVENT)

    def test_any_timed_sleep_makes_it_periodic(self) -> None:
        self.assertEqual(classify(fn(sleep=["wait_event", "msleep"])), Fit.TIMED)
        self.assertEqual(classify(fn(sleep=["usleep_range"])), Fit.TIMED)
        self.assertEqual(classify(fn(kind="svc", sleep=["schedule_timeout"])), Fit.TIMED)

    def test_loops_without_sleep_and_non_loops(self) -> None:
        self.assertEqual(classify(fn()), Fit.NO_SLEEP)
        self.assertEqual(classify(fn(loop="one-shot", sleep=["msleep"])), Fit.NOT_A_LOOP)
        self.assertEqual(classify(fn(kind="smpboot", loop="smpboot")), Fit.NOT_A_LOOP)

    def test_freezability_is_counted_and_kept(self) -> None:
        counts = count([fn(sleep=["msleep"], freezer=["set_freezable", "try_to_freeze"]),
                        fn(sleep=["wait_event"], freezer=["try_to_freeze"]),
                        fn(loop="one-shot")])
        self.assertEqual(counts.freezable, 1)
        self.assertEqual(counts.freezable_by_fit[Fit.TIMED], 1)
        self.assertEqual(counts.by_fit[Fit.EVENT], 1)
        self.assertEqual(counts.freezability_changes, 0)


class CoverLetterTest(unittest.TestCase):
    def test_numbers_in_the_cover_letter_come_from_the_inventory(self) -> None:
        counts = count_inventory(INVENTORY)
        text = re.sub(r"\s+", " ", COVER.read_text())
        loops = counts.thread_functions - counts.by_fit[Fit.NOT_A_LOOP]
        expected = [
            f"{counts.thread_functions} thread functions, {loops} of them loops",
            f"{counts.by_fit[Fit.EVENT]} are event-driven",
            f"{counts.by_fit[Fit.TIMED]} are periodic or polling",
            f"{counts.by_fit[Fit.NO_SLEEP]} have no sleep in the loop",
            f"For the {counts.by_fit[Fit.TIMED] + counts.by_fit[Fit.NO_SLEEP]} periodic",
            f"{counts.freezable} of the {counts.thread_functions} thread functions call "
            "set_freezable()",
            f"({counts.freezable - counts.freezable_by_fit[Fit.NOT_A_LOOP]} of the {loops} loops)",
            f"would change the freezability of {counts.freezability_changes} of them",
        ]
        for phrase in expected:
            with self.subTest(phrase=phrase):
                self.assertIn(phrase, text)


if __name__ == "__main__":
    unittest.main()
