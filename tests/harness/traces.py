# SPDX-License-Identifier: GPL-2.0
"""Traces of the model, normalised by the rules that allow a difference by design, compared.

A raw trace is the model's output, one record per line (tests/harness/README.md lists them).
Normalising keeps what an observer of the thread can tell apart and drops, by rule:

  R1  a sleep entered while kthread_stop() or kthread_park() is already pending ("void"):
      the iterant core checks both before sleeping, a legacy loop may sleep first;
  R2  where a freeze happens between two observable calls: freezes are counted per gap
      (the stretch between two calls or other marks), wherever the sleeps in it are;
  R3  a sleep the freezer ends (a legacy sleep that is not freezable) matches a sleep of the
      same kind and length however it ends (the core's sleep is frozen in place), and the
      sleep it re-enters after the freeze ("cont") is the same sleep;
  R4  everything between the end of the thread function (or of the iterant loop) and the
      return of kthread_stop(): a legacy thread has exited, an iterant one waits to be stopped;
  R5  queries (pure predicates, not observable), events (the script's own lines), the
      `stop-seen` marks and the freezable bit of a sleep (R2 and R3 compare what it changes);
  R6  after a thaw or an unpark with kthread_stop() pending since the freeze or the park
      ("thawed stop-pending", "unparked stop-pending"), what the thread does until it
      first sees the stop: the core checks for stop right after, a legacy loop that checks
      for stop before its freeze or park point finishes the iteration first;
  R7  the values of `end` and `stopped` (what the thread and kthread_stop() return) when the
      owner does not read kthread_stop()'s result: an iterant kthread_stop() returns 0 or
      init's error, and API v2 keeps the value only where the owner reads it.

Everything else must be equal, in order.
"""
from dataclasses import dataclass, field
from typing import List, Optional, Sequence, Tuple, Union

TERMINAL = ("stopped", "hang", "runaway", "crash")
STOP_PENDING = ("thawed stop-pending", "unparked stop-pending")


@dataclass(frozen=True)
class Sleep:
    kind: str
    length: str
    reason: str

    def text(self) -> str:
        return "sleep %s %s -> %s" % (self.kind, self.length, self.reason)

    def matches(self, other: "Sleep") -> bool:
        same = (self.kind, self.length) == (other.kind, other.length)
        return same and (self.reason == other.reason or "freezer" in (self.reason, other.reason))


@dataclass(frozen=True)
class Gap:
    """What happens between two marks: sleeps in order, freezes and failed freezes counted."""
    sleeps: Tuple[Sleep, ...] = ()
    freezes: int = 0
    failed: int = 0

    def text(self) -> str:
        parts = [s.text() for s in self.sleeps]
        if self.freezes:
            parts.append("frozen x%d" % self.freezes)
        if self.failed:
            parts.append("freeze-failed x%d" % self.failed)
        return "; ".join(parts)

    def matches(self, other: "Item") -> bool:
        return (isinstance(other, Gap) and len(self.sleeps) == len(other.sleeps) and
                all(a.matches(b) for a, b in zip(self.sleeps, other.sleeps)) and
                (self.freezes, self.failed) == (other.freezes, other.failed))


@dataclass(frozen=True)
class Mark:
    """A record compared as it is: a call, parked, unparked, warn, end, stopped, ..."""
    record: str

    def text(self) -> str:
        return self.record

    def matches(self, other: "Item") -> bool:
        return isinstance(other, Mark) and other.record == self.record


Item = Union[Gap, Mark]


@dataclass
class _GapBuilder:
    sleeps: List[Sleep] = field(default_factory=list)
    freezes: int = 0
    failed: int = 0

    def take(self) -> Optional[Gap]:
        if not (self.sleeps or self.freezes or self.failed):
            return None
        gap = Gap(tuple(self.sleeps), self.freezes, self.failed)
        self.sleeps, self.freezes, self.failed = [], 0, 0
        return gap


def _sleep_end(records: Sequence[str], start: int) -> Tuple[str, int, int]:
    """(reason, freezes inside, index of the wake record) for the sleep at start."""
    freezes = 0
    for i in range(start + 1, len(records)):
        kind = records[i].split(" ", 1)[0]
        if kind == "wake":
            return records[i].split(" ", 1)[1], freezes, i
        if kind == "frozen":
            freezes += 1
        elif kind in TERMINAL:
            return "never", freezes, i - 1
    return "never", freezes, len(records) - 1


def _mark(record: str, results: bool) -> Mark:
    record = record.split(" stop-pending")[0]
    kind = record.split(" ", 1)[0]
    if not results and kind in ("end", "stopped"):
        return Mark(kind)
    return Mark(record)


def normalise(records: Sequence[str], results: bool = True) -> List[Item]:
    """The items to compare; results=False drops the values of end and stopped (R7)."""
    items: List[Item] = []
    gap = _GapBuilder()
    ended = False
    stop_pending = False
    i = 0
    while i < len(records):
        record = records[i]
        kind = record.split(" ", 1)[0]
        i += 1
        if kind == "stop-seen":
            stop_pending = False
        if kind in ("query", "event", "thawed", "stop-seen"):
            stop_pending = stop_pending or record in STOP_PENDING
            continue
        if (ended or stop_pending) and kind not in TERMINAL:
            continue
        if kind == "sleep":
            words = record.split()
            reason, freezes, wake_at = _sleep_end(records, i - 1)
            stop_pending = stop_pending or any(r in STOP_PENDING for r in records[i:wake_at])
            i = wake_at + 1
            if "void" in words:
                continue
            gap.freezes += freezes
            if "cont" in words and gap.sleeps:
                last = gap.sleeps.pop()
                gap.sleeps.append(Sleep(last.kind, last.length, reason))
            else:
                gap.sleeps.append(Sleep(words[1], words[2], reason))
            continue
        if kind == "frozen":
            gap.freezes += 1
            continue
        if kind == "freeze-failed":
            gap.failed += 1
            continue
        taken = gap.take()
        if taken:
            items.append(taken)
        items.append(_mark(record, results))
        ended = ended or kind == "end"
        stop_pending = record in STOP_PENDING
    taken = gap.take()
    if taken:
        items.append(taken)
    return items


@dataclass(frozen=True)
class Difference:
    index: int
    original: str
    converted: str
    context: Tuple[str, ...]

    def describe(self) -> str:
        lines = ["first difference at item %d" % (self.index + 1)]
        lines += ["      %s" % c for c in self.context]
        lines.append("  original:  %s" % self.original)
        lines.append("  converted: %s" % self.converted)
        return "\n".join(lines)


def compare(original: Sequence[str], converted: Sequence[str],
            results: bool = True) -> Optional[Difference]:
    """The first difference of two raw traces after normalising both, or None."""
    left, right = normalise(original, results), normalise(converted, results)
    for i in range(max(len(left), len(right))):
        a = left[i] if i < len(left) else None
        b = right[i] if i < len(right) else None
        if a is not None and b is not None and a.matches(b):
            continue
        context = tuple(item.text() for item in left[max(0, i - 3):i])
        return Difference(i, a.text() if a else "(end of trace)",
                          b.text() if b else "(end of trace)", context)
    return None
