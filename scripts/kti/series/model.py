# SPDX-License-Identifier: GPL-2.0
"""What make patches reads (verified units and their facts) and what it builds (series)."""
import enum
from dataclasses import dataclass, field
from typing import Dict, Optional, Tuple

from ..ids import name_of


class RiskKind(enum.Enum):
    """What a reviewer of a conversion should look at first (the page filters on these)."""

    SIGNALS = "signals"
    CUSTOM_STOP = "custom-stop-predicate"
    UNINTERRUPTIBLE = "uninterruptible-sleep"
    FREEZABILITY = "freezability"
    CONTEXT_STATE = "state-in-context"
    DO_WHILE = "do-while"
    ENDS_ON_ITS_OWN = "ends-on-its-own"
    FREEZER_IN_FUNC = "freezer-call-kept-in-func"
    LOOP_IN_INIT = "loop-in-init"
    TASK_STATE = "task-state-across-checkpoint"

    @property
    def words(self) -> str:
        return _RISK_WORDS[self]


_RISK_WORDS = {
    RiskKind.SIGNALS: "handles signals",
    RiskKind.CUSTOM_STOP: "stops on a custom predicate, not only kthread_should_stop()",
    RiskKind.UNINTERRUPTIBLE: "sleeps uninterruptibly",
    RiskKind.FREEZABILITY: "freezability is a decision of the conversion",
    RiskKind.CONTEXT_STATE: "state kept across iterations moved into a context",
    RiskKind.DO_WHILE: "a do-while loop: the first iteration runs before any stop check",
    RiskKind.ENDS_ON_ITS_OWN: "leaves its loop on its own, then waits for kthread_stop()",
    RiskKind.FREEZER_IN_FUNC: "a freezer call stays in the iteration",
    RiskKind.LOOP_IN_INIT: "init runs a loop of the legacy code before the stop-checked one",
    RiskKind.TASK_STATE: "the core's checkpoint runs with the task state set for the next "
                         "sleep (not freezable, not parked: it only tests the stop request)",
}


@dataclass(frozen=True)
class Risk:
    kind: RiskKind
    detail: str


@dataclass(frozen=True)
class WorkerFit:
    """Would kthread_worker suit this loop better (event-driven, one wake-up per item)?"""

    fit: bool
    why: str


@dataclass(frozen=True)
class Facts:
    """The engine's facts about one conversion, the keys make patches relies on."""

    freezable_before: bool
    flags: Tuple[str, ...]
    checkpoints_moved: Tuple[str, ...]
    behaviour_changes: Tuple[str, ...]
    risks: Tuple[Risk, ...]
    worker_fit: WorkerFit
    timeout: Optional[str] = None
    ctx_fields: Tuple[str, ...] = ()
    #: checkpatch types whose whitespace the engine fixed on the lines it moved
    tidied: Tuple[str, ...] = ()
    #: whether it added and/or removed braces of if/else arms there ("added", "removed")
    tidied_braces: Tuple[str, ...] = ()
    #: A unit of several thread functions: (name, facts) of each.
    members: Tuple[Tuple[str, "Facts"], ...] = ()


class GateStatus(enum.Enum):
    PASS = "pass"
    FAIL = "fail"
    NOT_COMPILE_TESTED = "not-compile-tested"
    NOT_RUN = "not-run"


@dataclass(frozen=True)
class GateResult:
    number: int
    title: str
    status: GateStatus
    detail: str = ""


@dataclass(frozen=True)
class Unit:
    """One verified conversion: a thread function (or several changed together)."""

    unit_id: str
    thread_functions: Tuple[str, ...]
    files: Tuple[str, ...]
    diff: str
    facts: Facts
    gates: Tuple[GateResult, ...]
    semantic_patches: Tuple[str, ...]
    spatch_commands: Tuple[str, ...]
    configs: Dict[str, str] = field(default_factory=dict)

    @property
    def names(self) -> Tuple[str, ...]:
        """The legacy thread function names."""
        return tuple(name_of(tf) for tf in self.thread_functions)


@dataclass(frozen=True)
class Identity:
    """Who runs make patches: author, sender and Signed-off-by of every patch."""

    name: str
    email: str

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


@dataclass(frozen=True)
class Recipients:
    """To: maintainers; Cc: reviewers and lists (get_maintainer.pl's roles)."""

    section: str
    to: Tuple[str, ...]
    cc: Tuple[str, ...]


@dataclass(frozen=True)
class PlannedPatch:
    unit: Unit
    prefix: str
    subject: str
    message: str
    recipients: Recipients


@dataclass(frozen=True)
class Series:
    """One MAINTAINERS entry's patches, in order, with the texts of its cover letter."""

    slug: str
    section: str
    prefix: str
    patches: Tuple[PlannedPatch, ...]

    @property
    def to(self) -> Tuple[str, ...]:
        return _union(p.recipients.to for p in self.patches)

    @property
    def cc(self) -> Tuple[str, ...]:
        to = set(self.to)
        return tuple(a for a in _union(p.recipients.cc for p in self.patches) if a not in to)


def count(number: int, noun: str) -> str:
    """"1 patch", "2 patches"."""
    if number == 1:
        return f"{number} {noun}"
    return f"{number} {noun}es" if noun.endswith(("ch", "s")) else f"{number} {noun}s"


def _union(groups) -> Tuple[str, ...]:
    seen: Dict[str, None] = {}
    for group in groups:
        for address in group:
            seen.setdefault(address, None)
    return tuple(seen)
