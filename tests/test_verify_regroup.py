# SPDX-License-Identifier: GPL-2.0
"""regroup.split_failed(): a failed unit of thread functions sharing a file is split when
members fail alone; the members to blame keep their own results, the rest is made again."""
import unittest
from typing import Dict, List, Sequence

from tests.verify_support import PROJECT  # noqa: F401 (puts scripts/ on sys.path)

from kti.verify import regroup
from kti.verify.model import Gate, GateResult, Status, Unit, UnitResult, Verdict

X, Y, Z = "f.c:x:10", "f.c:y:40", "f.c:z:70"


def unit(tfs: Sequence[str], refused: str = None) -> Unit:
    return Unit(unit_id=tfs[0], thread_functions=tuple(tfs),
                patch="" if refused else "patch of " + "+".join(tfs), files=("f.c",),
                refused=refused)


def result(u: Unit, failing: Gate = None) -> UnitResult:
    if u.refused:
        return UnitResult(u.unit_id, refused=u.refused)
    gates = [GateResult(g, Status.FAIL if g == failing else Status.PASS,
                        "checkpatch --strict: 1 issue(s): MEMORY_BARRIER" if g == failing
                        else "") for g in Gate]
    return UnitResult(u.unit_id, gates)


class Engine:
    """Plans any selection as one unit of its members less those held back; a unit fails
    check 3 when it holds one of `bad` (a member to blame) or is exactly `bad_together`."""

    def __init__(self, bad: Sequence[str], bad_together: Sequence[str] = ()) -> None:
        self.bad = set(bad)
        self.bad_together = tuple(bad_together)
        self.replans: List[tuple] = []

    def replan(self, only: Sequence[str], held_back: Dict[str, str]) -> List[Unit]:
        self.replans.append((tuple(only), dict(held_back)))
        kept = [tf for tf in only if tf not in held_back]
        return ([unit([tf], refused="held back: " + held_back[tf]) for tf in only
                 if tf in held_back] + ([unit(kept)] if kept else []))

    def verify(self, units: Sequence[Unit]) -> Dict[str, UnitResult]:
        return {u.unit_id: result(u, Gate.CHECKPATCH if (
            set(u.thread_functions) & self.bad or u.thread_functions == self.bad_together)
            else None) for u in units}


class SplitFailedTest(unittest.TestCase):
    def run_split(self, engine: Engine, group: Unit):
        other = unit(["g.c:w:5"])
        units = [other, group]
        results = {other.unit_id: result(other), group.unit_id: result(group, Gate.CHECKPATCH)}
        return regroup.split_failed(units, results, engine.replan, engine.verify)

    def test_member_to_blame_is_reported_alone_and_the_rest_converts(self) -> None:
        engine = Engine(bad=[Y])
        units, results = self.run_split(engine, unit([X, Y, Z]))
        self.assertEqual([u.thread_functions for u in units],
                         [("g.c:w:5",), (Y,), (X, Z)])
        self.assertIs(results[Y].verdict, Verdict.FAILED)
        self.assertEqual(results[Y].first_failure().gate, Gate.CHECKPATCH)
        self.assertIs(results[X].verdict, Verdict.VERIFIED)
        self.assertEqual(units[2].patch, "patch of f.c:x:10+f.c:z:70")
        # Three single plans, then the group again with Y held back, the reason in words.
        self.assertEqual([only for only, _ in engine.replans], [(X,), (Y,), (Z,), (X, Y, Z)])
        self.assertEqual(list(engine.replans[3][1]), [Y])
        self.assertIn("failed check 3", engine.replans[3][1][Y])

    def test_failing_only_together_stays_one_failed_unit(self) -> None:
        group = unit([X, Y])
        units, results = self.run_split(Engine(bad=[], bad_together=(X, Y)), group)
        self.assertEqual(units[1], group)
        self.assertIs(results[X].verdict, Verdict.FAILED)

    def test_all_members_failing_alone_stays_one_failed_unit(self) -> None:
        group = unit([X, Y])
        engine = Engine(bad=[X, Y])
        units, results = self.run_split(engine, group)
        self.assertEqual(units[1], group)
        self.assertEqual(len(engine.replans), 2, "no group made again")


if __name__ == "__main__":
    unittest.main()
