# SPDX-License-Identifier: GPL-2.0
"""Boot rig: turning the benchmark boot's log into figures."""
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from kti.boot.bench import format_figures, summarize  # noqa: E402

LOG = """\
[ 3.0] test_kthread_iterant: kti_bench: cost kind=loop work=0 round=1 iterations=1000 ns=100000
[ 3.1] test_kthread_iterant: kti_bench: cost kind=iterant work=0 round=1 iterations=1000 ns=105000
[ 3.2] test_kthread_iterant: kti_bench: cost kind=iterant work=0 round=2 iterations=1000 ns=999999
[ 3.3] test_kthread_iterant: kti_bench: cost kind=loop work=0 round=2 iterations=1000 ns=110000
[ 3.4] test_kthread_iterant: kti_bench: cost kind=loop work=0 round=3 iterations=1000 ns=200000
[ 3.5] test_kthread_iterant: kti_bench: cost kind=iterant work=0 round=3 iterations=1000 ns=216000
[ 3.6] test_kthread_iterant: kti_bench: cost kind=iterant work=0 round=4 iterations=1000 ns=115000
[ 3.7] test_kthread_iterant: kti_bench: cost kind=loop work=0 round=4 iterations=0 ns=5
[ 4.0] Freezing remaining freezable tasks completed (elapsed 0.500 seconds)
[ 5.0] kti_bench: freeze population=iterant threads=16 begin
[ 5.1] Freezing remaining freezable tasks completed (elapsed 0.004 seconds)
[ 5.2] test_kthread_iterant: kti_freeze: cycle=1 freezable=16 seen_frozen=1 frozen_us=900 \
frozen_ms=0 freezable_progress=0 nofreeze_progress=0
[ 5.3] Freezing remaining freezable tasks completed (elapsed 0.006 seconds)
[ 5.4] kti_bench: freeze population=iterant threads=16 end
[ 6.0] kti_bench: freeze population=legacy threads=16 begin
[ 6.1] Freezing remaining freezable tasks completed (elapsed 0.010 seconds)
[ 6.2] test_kthread_iterant: kti_freeze: cycle=1 freezable=16 seen_frozen=0 frozen_us=-1 \
frozen_ms=-1 freezable_progress=0 nofreeze_progress=0
[ 6.4] kti_bench: freeze population=legacy threads=16 end
""".replace("\\\n", "")


class BenchTest(unittest.TestCase):
    def test_costs_per_iteration(self) -> None:
        figures = summarize(LOG.splitlines())
        self.assertEqual(figures.cost_ns[0]["loop"], [100.0, 110.0, 200.0])
        self.assertEqual(figures.cost_ns[0]["iterant"], [105.0, 999.999, 216.0, 115.0])

    def test_headline_ratio_is_the_smallest_work(self) -> None:
        lines = LOG.splitlines() + [
            "kti_bench: cost kind=loop work=100 round=1 iterations=10 ns=1000",
            "kti_bench: cost kind=iterant work=100 round=1 iterations=10 ns=1010"]
        figures = summarize(lines)
        self.assertAlmostEqual(figures.ratio(100), 1.01)
        self.assertAlmostEqual(figures.ratio(), 1.08)

    def test_ratio_is_the_median_of_paired_rounds(self) -> None:
        # Rounds 1-3 give 1.05, 9.09 and 1.08; round 4 has no loop figure.  A slow host in
        # round 3 doubles both kinds and leaves its ratio alone; the outlier of round 2
        # does not move the median.
        figures = summarize(LOG.splitlines())
        self.assertEqual(len(figures.paired_ratios(0)), 3)
        self.assertAlmostEqual(figures.ratio(), 1.08)

    def test_freeze_times_only_inside_population_brackets(self) -> None:
        figures = summarize(LOG.splitlines())
        self.assertEqual(figures.freeze_ms, {"iterant": [4.0, 6.0], "legacy": [10.0]})
        self.assertEqual(figures.module_freeze_us, {"iterant": [900.0]})
        self.assertEqual(figures.threads, {"iterant": 16, "legacy": 16})
        self.assertTrue(figures.complete())

    def test_incomplete_without_legacy(self) -> None:
        lines = [line for line in LOG.splitlines() if "legacy" not in line]
        self.assertFalse(summarize(lines).complete())

    def test_report_mentions_ratio_and_target(self) -> None:
        text = "\n".join(format_figures(summarize(LOG.splitlines())))
        self.assertIn("overhead ratio iterant/loop = 1.080", text)
        self.assertIn("median of 3 paired rounds", text)
        self.assertIn("within the 1.10 target", text)
        self.assertIn("iterant  x16", text)

    def test_no_samples(self) -> None:
        text = "\n".join(format_figures(summarize([])))
        self.assertIn("not measured", text)


if __name__ == "__main__":
    unittest.main()
