# SPDX-License-Identifier: GPL-2.0
"""The golden runner's header check finds every kind of disagreement."""
import copy
import unittest

from tests import cocci_expect

HEADER = """\
/*
 * expect worker: verdict care; loop do-while; line 9; stop kthread_should_stop
 * expect worker: exit break; locals ctx; freezer none; parking none; signals none
 * expect worker: loop_at 9:1; cond 12:10-12:32; braces 9:4 12:1; jumps break@11:3
 * expect worker: reason do-while loop: the body runs once before the first stop check
 * expect worker: reason leaves the loop with break
 * expect create 20: kthread_run worker function
 */
"""

FACT = {"kind": "threadfn", "file": "w.c", "line": 5, "name": "worker", "static": True,
        "verdict": "care", "loop": "do-while", "loop_line": 9,
        "stop_predicate": "kthread_should_stop", "exit": ["break"],
        "persistent_locals": ["ctx"], "freezer": [], "parking": [], "signals": [],
        "sleep": [], "reasons": ["do-while loop: the body runs once before the first "
                                 "stop check", "leaves the loop with break"],
        "main_loop": {"extent": {"start": [9, 1, 90], "end": [12, 33, 160]},
                      "cond": {"start": [12, 10, 137], "end": [12, 32, 159]},
                      "body": {"open": [9, 4, 93], "close": [12, 1, 128]},
                      "do_while": [12, 3, 130],
                      "jumps": [{"what": "break", "stop_exit": False,
                                 "extent": {"start": [11, 3, 120], "end": [11, 9, 126]}}]}}
CREATE = {"kind": "create", "file": "w.c", "line": 20, "creator": "kthread_run",
          "arg": "worker", "arg_kind": "function", "via": None, "param_index": None,
          "thread_kind": "kthread"}
REPORT = ("w.c:5:11-17: kthread thread function worker: do-while, care: do-while loop: the "
          "body runs once before the first stop check; leaves the loop with break")


class HeaderCheckTest(unittest.TestCase):
    def problems(self, fact=None, create=None, report=REPORT, header=HEADER):
        facts = [fact or FACT, create or CREATE]
        return cocci_expect.check(cocci_expect.parse(header), facts, [report] if report else [])

    def changed(self, **fields):
        fact = copy.deepcopy(FACT)
        fact.update(fields)
        return fact

    def test_agreement(self):
        self.assertEqual(self.problems(), [])

    def test_each_fact_is_checked(self):
        cases = {"verdict": "auto", "loop": "while-not-should-stop", "loop_line": 10,
                 "stop_predicate": "x_should_stop", "exit": [], "persistent_locals": [],
                 "freezer": ["set_freezable"], "reasons": FACT["reasons"][::-1]}
        for key, value in cases.items():
            with self.subTest(key=key):
                self.assertTrue(self.problems(self.changed(**{key: value})))

    def test_positions_are_checked(self):
        fact = copy.deepcopy(FACT)
        fact["main_loop"]["jumps"][0]["stop_exit"] = True
        self.assertIn("jumps", " ".join(self.problems(fact)))
        fact = copy.deepcopy(FACT)
        fact["main_loop"]["body"]["close"] = [13, 1, 140]
        self.assertIn("braces", " ".join(self.problems(fact)))

    def test_report_line_must_match(self):
        self.assertIn("no report line", " ".join(self.problems(report=None)))
        self.assertIn("no report line", " ".join(self.problems(report=REPORT + "; more")))

    def test_unexpected_and_missing_findings(self):
        other = self.changed(name="other")
        self.assertIn("other: described by the detector, not in the header",
                      self.problems(fact=other))
        self.assertIn("create at line 20 is kthread_run other function, expected "
                      "kthread_run worker function",
                      self.problems(create=dict(CREATE, arg="other")))

    def test_a_reported_function_needs_the_main_facts(self):
        header = HEADER.replace("exit break; ", "")
        self.assertIn("worker: the header gives no exit", self.problems(header=header))

    def test_malformed_lines_are_refused(self):
        with self.assertRaises(ValueError):
            cocci_expect.parse(" * expect worker: colour blue\n")
        with self.assertRaises(ValueError):
            cocci_expect.parse(" * expect worker: loop a; loop b\n")


if __name__ == "__main__":
    unittest.main()
