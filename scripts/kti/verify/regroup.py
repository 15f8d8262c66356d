# SPDX-License-Identifier: GPL-2.0
"""A unit of thread functions that share a file fails a check: find the members to blame.

The engine converts thread functions sharing a file together (one patch), so one member
whose moved lines checkpatch rejects fails all of them.  Each member of such a unit is
converted and verified alone; the members that fail alone are reported with their own
results, and the others are converted together again without them, clear of the global
names the run's other units took.  A unit that fails only together, or whose members all
fail alone, stays as it was.
"""
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from .model import Unit, UnitResult, Verdict

#: (selection of thread function ids, ids held back with the words why) -> units
Replan = Callable[[Sequence[str], Dict[str, str]], List[Unit]]
Verify = Callable[[Sequence[Unit]], Dict[str, UnitResult]]


def _failed_groups(units: Sequence[Unit], results: Dict[str, UnitResult]) -> List[Unit]:
    return [u for u in units
            if len(u.thread_functions) > 1 and results[u.unit_id].verdict is Verdict.FAILED]


def _blame(group: Unit, replan: Replan, verify: Verify
           ) -> Tuple[Dict[str, Tuple[Unit, UnitResult]], Dict[str, str]]:
    """Members that fail alone: id -> (their own unit and result), and the words why."""
    singles = [unit for tf in group.thread_functions for unit in replan([tf], {})
               if unit.refused is None]
    verdicts = verify(singles) if singles else {}
    failed = {}
    words = {}
    for unit in singles:
        result = verdicts[unit.unit_id]
        if result.verdict is Verdict.FAILED:
            failed[unit.thread_functions[0]] = (unit, result)
            words[unit.thread_functions[0]] = "%s alone: %s" % (unit.thread_functions[0],
                                                                 result.reason)
    return failed, words


def _split(group: Unit, replan: Replan, verify: Verify
           ) -> Optional[Tuple[List[Unit], Dict[str, UnitResult]]]:
    """The units replacing group and their results, or None when nothing is to blame."""
    failed, words = _blame(group, replan, verify)
    if not failed or len(failed) == len(group.thread_functions):
        return None
    rest = [u for u in replan(list(group.thread_functions), words)
            if not set(u.thread_functions) & failed.keys()]
    verdicts = verify(rest)
    units = [unit for unit, _ in failed.values()] + rest
    results = {unit.unit_id: result for unit, result in failed.values()}
    results.update((u.unit_id, verdicts[u.unit_id]) for u in rest)
    return units, results


def split_failed(units: Sequence[Unit], results: Dict[str, UnitResult], replan: Replan,
                 verify: Verify) -> Tuple[List[Unit], Dict[str, UnitResult]]:
    """units and results with every failed shared-file unit split where members are to
    blame.  Once: the members left all passed alone, so a new failure of theirs would be
    one of the kind that only comes together."""
    units = list(units)
    results = dict(results)
    for group in _failed_groups(units, results):
        split = _split(group, replan, verify)
        if split is None:
            continue
        new_units, new_results = split
        at = units.index(group)
        del results[group.unit_id]
        units[at:at + 1] = new_units
        results.update(new_results)
    return units, results
