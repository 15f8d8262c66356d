# SPDX-License-Identifier: GPL-2.0
"""What the verifier reads (a unit: one conversion's patch and facts) and what it says.

The engine (scripts/kti/convert) hands over Conversion objects; the verifier only needs the
fields of Unit, so tests and hand-written patches go through the same gates.  `source` keeps
the engine's own object for its round trip.
"""
import enum
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from ..ids import name_of


class Gate(enum.IntEnum):
    """The five checks, in the order that decides which failure is the reason."""

    APPLY = 1
    COMPILE = 2
    CHECKPATCH = 3
    ROUND_TRIP = 4
    DETECTOR = 5

    @property
    def title(self) -> str:
        return _TITLES[self]


_TITLES = {
    Gate.APPLY: "applies on BASE, spatch parses the changed functions",
    Gate.COMPILE: "compiles with W=1 and sparse, no new warnings",
    Gate.CHECKPATCH: "checkpatch.pl --strict clean",
    Gate.ROUND_TRIP: "round trip gives the original token stream",
    Gate.DETECTOR: "detector finds no legacy stop loop and no old name",
}


class Status(enum.Enum):
    PASS = "pass"
    FAIL = "fail"
    #: Gate 2 only: the unconverted file does not build in any configuration tried.
    NOT_COMPILE_TESTED = "not-compile-tested"
    #: An earlier failure made this gate impossible (a patch that does not apply).
    NOT_RUN = "not-run"


class Verdict(enum.Enum):
    """A unit's result after all gates."""

    VERIFIED = "verified"
    FAILED = "failed"
    NOT_COMPILE_TESTED = "not-compile-tested"
    REFUSED = "refused"


@dataclass(frozen=True)
class Unit:
    """One conversion as the verifier sees it."""

    unit_id: str
    thread_functions: Tuple[str, ...]
    patch: str
    files: Tuple[str, ...]
    facts: Dict[str, Any] = field(default_factory=dict)
    spatch_commands: Tuple[str, ...] = ()
    semantic_patches: Tuple[str, ...] = ()
    refused: Optional[str] = None
    source: Any = None

    @property
    def old_names(self) -> Tuple[str, ...]:
        """The legacy thread function names ("file:name:line" ids -> name)."""
        return tuple(name_of(tf) for tf in self.thread_functions)


@dataclass
class GateResult:
    gate: Gate
    status: Status
    detail: str = ""
    #: Gate-specific facts for the report (compile: file -> arch; warnings).
    data: Dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"gate": int(self.gate), "status": self.status.value,
                               "detail": self.detail}
        if self.data:
            out["data"] = self.data
        return out

    @classmethod
    def from_json(cls, obj: Dict[str, Any]) -> "GateResult":
        return cls(Gate(obj["gate"]), Status(obj["status"]), obj.get("detail", ""),
                   obj.get("data", {}))


@dataclass
class UnitResult:
    """Every gate's result for one unit."""

    unit_id: str
    gates: List[GateResult] = field(default_factory=list)
    refused: Optional[str] = None

    def gate(self, gate: Gate) -> Optional[GateResult]:
        return next((g for g in self.gates if g.gate == gate), None)

    @property
    def verdict(self) -> Verdict:
        if self.refused is not None:
            return Verdict.REFUSED
        if self.first_failure() is not None:
            return Verdict.FAILED
        compile_result = self.gate(Gate.COMPILE)
        if compile_result is not None and compile_result.status == Status.NOT_COMPILE_TESTED:
            return Verdict.NOT_COMPILE_TESTED
        if len(self.gates) == len(Gate) and all(g.status == Status.PASS for g in self.gates):
            return Verdict.VERIFIED
        return Verdict.FAILED

    def first_failure(self) -> Optional[GateResult]:
        return next((g for g in sorted(self.gates, key=lambda g: g.gate)
                     if g.status in (Status.FAIL, Status.NOT_RUN)), None)

    @property
    def reason(self) -> Optional[str]:
        """The refusal reason in words: the engine's, or the first failing check's."""
        if self.refused is not None:
            return self.refused
        failure = self.first_failure()
        if failure is not None:
            return f"failed check {int(failure.gate)}: {failure.detail}"
        compile_result = self.gate(Gate.COMPILE)
        if compile_result is not None and compile_result.status == Status.NOT_COMPILE_TESTED:
            return f"not compile-tested: {compile_result.detail}"
        return None
