# SPDX-License-Identifier: GPL-2.0
"""Which kthreads would fit kthread_worker, and which would not: the cover letter's numbers.

The rule, applied to each thread function of inventory.json:

- Only loops count: kind kthread or svc, loop shape neither one-shot nor smpboot (smpboot
  threads already have a core loop).
- EVENT: every sleep found in the loop waits without a timeout for something another
  context provides (wait_event*, wait_for_completion*, schedule() with or without
  set_current_state()): one wake-up per piece of work, which is what kthread_worker
  models.  The inventory files wait_event_*timeout() under wait_event, so this is an
  upper bound.
- TIMED: at least one timed sleep (schedule_timeout*, msleep*, usleep_range*, fsleep):
  the loop runs periodically or polls, which kthread_worker does not model.
- NO_SLEEP: no sleep found in the loop (one helper level deep): long-running or busy
  loops, or loops that sleep deeper in their helpers.

Freezable today means the thread function calls set_freezable().  A conversion keeps the
freezability (set_freezable() -> no flag, otherwise KTI_NONFREEZABLE), so the number of
conversions that would change it is counted, not assumed: it must come out 0.
"""
import enum
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, Mapping

TIMED_SLEEPS = frozenset(("schedule_timeout", "msleep", "usleep_range"))
NOT_LOOPS = frozenset(("one-shot", "smpboot"))


class Fit(enum.Enum):
    """How a thread function's loop waits for work."""

    NOT_A_LOOP = "not a loop"
    EVENT = "event-driven"
    TIMED = "periodic or polling"
    NO_SLEEP = "no sleep in the loop"


@dataclass(frozen=True)
class FitCounts:
    """The numbers of the cover letter."""

    thread_functions: int
    by_fit: Mapping[Fit, int]
    freezable_by_fit: Mapping[Fit, int]
    freezable: int
    freezability_changes: int


def classify(function: Mapping) -> Fit:
    """The Fit of one thread function of inventory.json."""
    if function["kind"] not in ("kthread", "svc") or function["loop"] in NOT_LOOPS:
        return Fit.NOT_A_LOOP
    sleeps = set(function["sleep"])
    if not sleeps:
        return Fit.NO_SLEEP
    if sleeps & TIMED_SLEEPS:
        return Fit.TIMED
    return Fit.EVENT


def freezable_today(function: Mapping) -> bool:
    return "set_freezable" in function["freezer"]


def freezable_after_conversion(function: Mapping) -> bool:
    """The conversion rule: no KTI_NONFREEZABLE exactly when set_freezable() was called."""
    nonfreezable_flag = not freezable_today(function)
    return not nonfreezable_flag


def count(functions: Iterable[Mapping]) -> FitCounts:
    by_fit: Dict[Fit, int] = {fit: 0 for fit in Fit}
    freezable_by_fit: Dict[Fit, int] = {fit: 0 for fit in Fit}
    total = freezable = changes = 0
    for function in functions:
        fit = classify(function)
        total += 1
        by_fit[fit] += 1
        if freezable_today(function):
            freezable += 1
            freezable_by_fit[fit] += 1
        if freezable_after_conversion(function) != freezable_today(function):
            changes += 1
    return FitCounts(total, by_fit, freezable_by_fit, freezable, changes)


def count_inventory(path: Path) -> FitCounts:
    return count(json.loads(path.read_text())["thread_functions"])


def summary_lines(counts: FitCounts) -> list:
    """One line per number, in the words the cover letter uses."""
    loops = counts.thread_functions - counts.by_fit[Fit.NOT_A_LOOP]
    lines = [f"thread functions: {counts.thread_functions}, of which loops: {loops}"]
    for fit in (Fit.EVENT, Fit.TIMED, Fit.NO_SLEEP, Fit.NOT_A_LOOP):
        lines.append(f"{fit.value}: {counts.by_fit[fit]} "
                     f"({counts.freezable_by_fit[fit]} freezable today)")
    lines.append(f"freezable today (set_freezable()): {counts.freezable}")
    lines.append(f"conversions that would change freezability: "
                 f"{counts.freezability_changes}")
    return lines
