# SPDX-License-Identifier: GPL-2.0
"""The risk flags of a unit: the engine's, and those the legacy code itself shows.

The engine flags what its rewrite did (a context, a rotated stop check, a do-while...);
the review also needs what the legacy thread function does that a reviewer must check
against the core's checkpoints, read from the inventory and the function's own text:

  signals                 it calls allow_signal/signal_pending/... (inventory signals[])
  custom-stop-predicate   its loop stops on more than kthread_should_stop() (the inventory's
                          stop predicate, or a loop condition that tests more)
  uninterruptible-sleep   it sleeps in TASK_UNINTERRUPTIBLE: msleep(), ssleep(),
                          wait_event(), wait_for_completion(), schedule_timeout_
                          uninterruptible(), io_schedule(), an explicit TASK_UNINTERRUPTIBLE
  freezability            it is not freezable (KTI_NONFREEZABLE keeps it so), or it calls
                          the freezer itself (inventory freezer[], helpers one level deep)

Engine flags are mapped: "context" is state-in-context, "stop-check-MODE" is
custom-stop-predicate (detail MODE); the others keep their own kind.  One flag per kind.
"""
import re
from typing import Dict, List, Optional, Sequence

from ..ctext import mask
from ..model import ThreadFunction
from .errors import PatchesError
from .model import Risk, RiskKind

_ALIASES = {"context": RiskKind.CONTEXT_STATE}
_UNINTERRUPTIBLE = re.compile(
    r"\b(msleep|ssleep|wait_event|wait_event_timeout|wait_for_completion|"
    r"wait_for_completion_timeout|schedule_timeout_uninterruptible|io_schedule|"
    r"io_schedule_timeout)\s*\(|\bTASK_UNINTERRUPTIBLE\b")
#: Freezer calls that only make the thread freezable or are the stop test itself.
_FREEZER_SETUP = ("set_freezable", "kthread_freezable_should_stop")


def engine_risk(value: object, where: str) -> Risk:
    """One engine flag: "kind", "kind: detail" or {kind, detail}."""
    if isinstance(value, str):
        kind, _, detail = value.partition(":")
    elif isinstance(value, dict):
        kind, detail = str(value.get("kind", "")), str(value.get("detail", ""))
    else:
        raise PatchesError(f"{where}: risk flag {value!r} is neither a string nor an object")
    kind, detail = kind.strip(), detail.strip()
    if kind in _ALIASES:
        return Risk(_ALIASES[kind], detail)
    if kind.startswith("stop-check-"):
        return Risk(RiskKind.CUSTOM_STOP, detail or f"stop check {kind[len('stop-check-'):]}")
    try:
        return Risk(RiskKind(kind), detail)
    except ValueError:
        known = ", ".join(k.value for k in RiskKind)
        raise PatchesError(f"{where}: unknown risk flag {kind!r} (known: {known}, context, "
                           "stop-check-*)") from None


def _body(tfn: ThreadFunction, source: Optional[str]) -> str:
    if source is None:
        return ""
    lines = source.split("\n")[tfn.line - 1:tfn.end_line]
    return mask("\n".join(lines))


def legacy_risks(tfn: ThreadFunction, source: Optional[str], nonfreezable: bool) -> List[Risk]:
    """What the legacy thread function shows, from the inventory and its text."""
    found: List[Risk] = []
    if tfn.signals:
        found.append(Risk(RiskKind.SIGNALS, ", ".join(tfn.signals)))
    if tfn.stop_predicate not in (None, "kthread_should_stop"):
        found.append(Risk(RiskKind.CUSTOM_STOP, f"stops on {tfn.stop_predicate}()"))
    elif any("tests more than the stop check" in r for r in tfn.reasons):
        found.append(Risk(RiskKind.CUSTOM_STOP, "the loop condition tests more than "
                                                "kthread_should_stop()"))
    body = _body(tfn, source)
    sleeps = sorted({m.group(1) or "TASK_UNINTERRUPTIBLE"
                     for m in _UNINTERRUPTIBLE.finditer(body)})
    if sleeps:
        found.append(Risk(RiskKind.UNINTERRUPTIBLE, ", ".join(sleeps)))
    freezer = [f for f in tfn.freezer if f not in _FREEZER_SETUP]
    if nonfreezable:
        found.append(Risk(RiskKind.FREEZABILITY, "not freezable: KTI_NONFREEZABLE keeps it so"))
    elif freezer:
        found.append(Risk(RiskKind.FREEZABILITY, "freezable, with freezer calls of its own: "
                                                 + ", ".join(freezer)))
    return found


def merge(groups: Sequence[Sequence[Risk]]) -> tuple:
    """One flag per kind, in RiskKind order, details joined."""
    details: Dict[RiskKind, List[str]] = {}
    for group in groups:
        for risk in group:
            known = details.setdefault(risk.kind, [])
            if risk.detail and risk.detail not in known:
                known.append(risk.detail)
    return tuple(Risk(kind, "; ".join(details[kind])) for kind in RiskKind if kind in details)
