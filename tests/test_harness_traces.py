# SPDX-License-Identifier: GPL-2.0
"""Normalising and comparing traces: each rule of tests/harness/traces.py allows exactly its
difference, and a difference no rule names is reported at its first item."""
import unittest

from tests.harness.runner import ends_alone
from tests.harness.traces import compare, normalise


def lines(text: str):
    return [line.strip() for line in text.strip().splitlines()]


LEGACY_WORK = lines("""
    call work(data) = 0
    sleep interruptible 25
    wake timeout
    call work(data) = 0
""")


# The core's sleep after an iteration, frozen in place.
CORE_FROZEN_IN_ITS_SLEEP = lines("""
    call work(data) = 0
    sleep interruptible 500 freezable
    frozen
    thawed
    wake timeout
    call work(data) = 0
""")


class Rules(unittest.TestCase):
    def test_identical_traces_compare_equal(self):
        self.assertIsNone(compare(LEGACY_WORK, LEGACY_WORK))

    def test_r1_a_void_sleep_is_not_compared(self):
        original = lines("""
            call work(data) = 0
            event call#1=park
            sleep uninterruptible 25 void
            wake timeout
            parked
            unparked
        """)
        converted = lines("""
            call work(data) = 0
            event call#1=park
            parked
            unparked
        """)
        self.assertIsNone(compare(original, converted))

    def test_r2_a_freeze_may_move_within_its_gap(self):
        original = lines("""
            call work(data) = 0
            frozen
            thawed
            sleep interruptible 500
            wake timeout
            call work(data) = 0
        """)
        self.assertIsNone(compare(original, CORE_FROZEN_IN_ITS_SLEEP))

    def test_r2_a_freeze_may_not_cross_a_call(self):
        original = lines("""
            call a(data)
            frozen
            thawed
            call b(data)
        """)
        converted = lines("""
            call a(data)
            call b(data)
            frozen
            thawed
        """)
        diff = compare(original, converted)
        self.assertEqual((diff.index, diff.original, diff.converted),
                         (1, "frozen x1", "call b(data)"))

    def test_r3_a_sleep_cut_by_the_freezer_matches_one_frozen_in_place(self):
        original = lines("""
            call work(data) = 0
            sleep interruptible 500
            wake freezer
            frozen
            thawed
            call work(data) = 0
        """)
        self.assertIsNone(compare(original, CORE_FROZEN_IN_ITS_SLEEP))

    def test_r3_the_re_entered_sleep_is_the_same_sleep(self):
        original = lines("""
            sleep interruptible max
            wake freezer
            frozen
            thawed
            query pending(data) = 0
            sleep interruptible max cont
            wake wake
            call run(data)
        """)
        converted = lines("""
            sleep interruptible max freezable
            frozen
            thawed
            wake wake
            call run(data)
        """)
        self.assertIsNone(compare(original, converted))

    def test_r3_does_not_excuse_another_kind_or_length_of_sleep(self):
        original = lines("""
            sleep interruptible 500
            wake freezer
            frozen
            thawed
        """)
        converted = lines("""
            sleep uninterruptible 500
            frozen
            thawed
            wake timeout
        """)
        diff = compare(original, converted)
        self.assertEqual((diff.original, diff.converted),
                         ("sleep interruptible 500 -> freezer; frozen x1",
                          "sleep uninterruptible 500 -> timeout; frozen x1"))

    def test_the_reason_a_sleep_ends_is_compared(self):
        original = lines("""
            sleep interruptible 250
            wake wake
        """)
        converted = lines("""
            sleep interruptible 250 freezable
            wake timeout
        """)
        diff = compare(original, converted)
        self.assertEqual((diff.original, diff.converted),
                         ("sleep interruptible 250 -> wake", "sleep interruptible 250 -> timeout"))

    def test_r4_nothing_between_end_and_stopped_is_compared(self):
        original = lines("""
            call fin(data)
            end 0
            event stop @exit
            stopped 0
        """)
        converted = lines("""
            call fin(data)
            end 0
            sleep idle max freezable
            event stop @idle
            wake stop
            stopped 0
        """)
        self.assertIsNone(compare(original, converted))

    def test_r4_the_results_are_compared(self):
        diff = compare(["end -5", "stopped -5"], ["end 0", "stopped 0"])
        self.assertEqual((diff.index, diff.original, diff.converted), (0, "end -5", "end 0"))

    def test_r7_results_the_owner_does_not_read_are_not_compared(self):
        original, converted = ["end -5", "stopped -5"], ["end 0", "stopped 0"]
        self.assertIsNone(compare(original, converted, results=False))
        diff = compare(["call a()"] + original, ["end 0"], results=False)
        self.assertEqual((diff.original, diff.converted), ("call a()", "end"))

    def test_r5_queries_events_and_stop_seen_are_not_compared(self):
        original = lines("""
            query pending(data) = 0
            query pending(data) = 0
            event sleep#1=queue
            stop-seen
            call run(data)
        """)
        self.assertIsNone(compare(original, ["call run(data)"]))

    def test_r6_the_original_may_finish_its_iteration_after_a_stop_while_frozen(self):
        original = lines("""
            sleep interruptible 25
            wake freezer
            frozen
            event frozen#1=stop
            thawed stop-pending
            call read(data) = 0
            call consume(data)
            stop-seen
            call release(data)
            end 0
            stopped 0
        """)
        converted = lines("""
            sleep interruptible 25 freezable
            frozen
            event frozen#1=stop
            thawed stop-pending
            wake stop
            stop-seen
            call release(data)
            end 0
            stopped 0
        """)
        self.assertIsNone(compare(original, converted))

    def test_r6_the_same_after_a_stop_while_parked(self):
        original = lines("""
            parked
            event parked#1=stop
            unparked stop-pending
            call poll(data) = 0
            stop-seen
            end 0
        """)
        converted = lines("""
            parked
            event parked#1=stop
            unparked stop-pending
            stop-seen
            end 0
        """)
        self.assertIsNone(compare(original, converted))
        self.assertEqual([i.text() for i in normalise(converted)], ["parked", "unparked", "end 0"])

    def test_r6_ends_at_the_first_stop_check(self):
        original = lines("""
            frozen
            thawed stop-pending
            stop-seen
            call release(data)
            end 0
        """)
        converted = lines("""
            frozen
            thawed stop-pending
            stop-seen
            end 0
        """)
        diff = compare(original, converted)
        self.assertEqual((diff.original, diff.converted), ("call release(data)", "end 0"))

    def test_a_missing_tail_is_reported_as_end_of_trace(self):
        diff = compare(LEGACY_WORK, LEGACY_WORK[:1])
        self.assertEqual((diff.index, diff.original, diff.converted),
                         (1, "sleep interruptible 25 -> timeout", "(end of trace)"))

    def test_a_crash_is_a_difference(self):
        diff = compare(LEGACY_WORK, LEGACY_WORK[:1] + ["crash SIGSEGV"])
        self.assertEqual(diff.converted, "crash SIGSEGV")


class EndsAlone(unittest.TestCase):
    def test_an_end_before_any_stop_is_an_exit_of_its_own(self):
        self.assertTrue(ends_alone(["call a() = -5", "end 0", "event stop @exit", "stopped 0"]))
        self.assertFalse(ends_alone(["call a()", "event call#1=stop", "stop-seen", "end 0"]))
        self.assertFalse(ends_alone(["sleep idle max", "event stop @idle", "end 0"]))


class Normalise(unittest.TestCase):
    def test_gaps_sit_between_marks(self):
        items = normalise(lines("""
            call a(data)
            sleep interruptible 10
            wake timeout
            freeze-failed
            parked
            unparked
        """))
        self.assertEqual([i.text() for i in items],
                         ["call a(data)", "sleep interruptible 10 -> timeout; freeze-failed x1",
                          "parked", "unparked"])


if __name__ == "__main__":
    unittest.main()
