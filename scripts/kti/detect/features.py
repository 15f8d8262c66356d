# SPDX-License-Identifier: GPL-2.0
"""Calls in a token range and the freezer, parking, signal and sleep features they show."""
import re
from typing import Dict, List, Optional, Sequence, Set, Tuple

from ..ctext.macros import Macro
from ..ctext.parse import KEYWORDS
from ..ctext.tokens import ID, Token
from .vocabulary import FREEZER, PARKING, SIGNALS, SLEEP


def calls(tokens: Sequence[Token], start: int, end: int, macros: Dict[str, Macro],
          seen: Optional[Set[str]] = None) -> List[str]:
    """Names called (NAME followed by '(') in tokens[start:end], in source order, also
    those called from the body of an in-file macro used there (each macro once)."""
    names: List[str] = []
    seen = seen if seen is not None else set()
    for j in range(start, min(end, len(tokens))):
        tok = tokens[j]
        if tok.kind != ID or tok.text in KEYWORDS:
            continue
        if j > 0 and tokens[j - 1].text in (".", "->"):
            continue
        macro = macros.get(tok.text)
        if macro is not None and tok.text not in seen:
            seen.add(tok.text)
            names.extend(calls(macro.body, 0, len(macro.body), macros, seen))
        if j + 1 < len(tokens) and tokens[j + 1].text == "(":
            names.append(tok.text)
    return names


def sleep_kind(name: str) -> Optional[str]:
    """The sleep category of a sleeping call, or None."""
    if name.startswith("schedule_timeout"):
        return "schedule_timeout"
    if name in ("msleep", "msleep_interruptible", "ssleep"):
        return "msleep"
    if re.match(r"^(s?wait_event|wait_var_event)", name):
        return "wait_event"
    if name.startswith("wait_for_completion"):
        return "wait_for_completion"
    if name.startswith("usleep_range") or name == "fsleep":
        return "usleep_range"
    if name in ("schedule", "io_schedule", "schedule_preempt_disabled"):
        return "schedule"
    return None


def freezer_kind(name: str) -> Optional[str]:
    """The freezer feature a call shows, or None."""
    if name in ("set_freezable", "try_to_freeze", "kthread_freezable_should_stop"):
        return name
    if name.startswith("wait_event_freezable"):
        return "wait_event_freezable"
    return None


def features(names: Sequence[str]) -> Tuple[List[str], List[str], List[str], List[str]]:
    """Freezer, parking, signal and sleep feature lists of a call list."""
    present = set(names)
    freezer = set(filter(None, (freezer_kind(n) for n in present)))
    sleep = set(filter(None, (sleep_kind(n) for n in present)))
    if "schedule" in sleep and present & {"set_current_state", "__set_current_state"}:
        sleep.discard("schedule")
        sleep.add("set_current_state+schedule")
    return ([f for f in FREEZER if f in freezer],
            [p for p in PARKING if p in present],
            [s for s in SIGNALS if s in present],
            [s for s in SLEEP if s in sleep])
