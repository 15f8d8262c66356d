# SPDX-License-Identifier: GPL-2.0
"""Checking fixtures and mutants: build both versions, run every script, compare.

A fixture expected to convert passes when its conversion exists and every applicable script
gives the same normalised trace for both versions.  A fixture expected to be refused passes
when the converter left it untouched (no conversion).  A mutant (a deliberately wrong
conversion of a seed fixture) passes when the harness catches it: its Caught-by script
fails with exactly the hand-written first difference.
"""
import enum
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, List, Optional, Tuple

from . import fixture as fixtures
from . import glue, scripts, traces
from .build import Builder, check_includes
from .errors import HarnessError
from .fixture import Expect, Fixture
from .sources import Conversion

RUN_TIMEOUT = 30


class Verdict(enum.Enum):
    PASS = "PASS"
    FAIL = "FAIL"
    ERROR = "ERROR"     # bad input: the fixture or mutant could not be run


@dataclass
class ScriptFailure:
    script: scripts.Script
    difference: traces.Difference


@dataclass
class Result:
    name: str
    verdict: Verdict
    summary: str
    failures: List[ScriptFailure] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)


def ends_alone(records: List[str]) -> bool:
    """The thread function ended before anyone called kthread_stop()."""
    for record in records:
        if record.startswith("event ") and "stop" in record:
            return False
        if record.startswith("end "):
            return True
    return False


def run_trace(exe: Path, script: scripts.Script) -> List[str]:
    """The raw trace of one binary under one script; a crash ends it with a `crash` record."""
    try:
        proc = subprocess.run([str(exe)] + script.argv(), capture_output=True, text=True,
                              timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise HarnessError("%s timed out under %s" % (exe.name, script.name)) from None
    if proc.returncode == 2:
        raise HarnessError("%s: %s" % (exe.name, proc.stderr.strip()))
    records = proc.stdout.splitlines()
    if proc.returncode < 0:
        records.append("crash %s" % signal.Signals(-proc.returncode).name)
    elif proc.returncode:
        records.append("crash exit %d" % proc.returncode)
    return records


@dataclass(frozen=True)
class Pair:
    """The two binaries of one fixture."""
    original: Path
    converted: Path
    scripts: Tuple[scripts.Script, ...]
    results: bool       # the owner reads kthread_stop()'s result: compare it (R7)


def build_pair(builder: Builder, fx: Fixture, converted: Path, label: str) -> Pair:
    check_includes(fx.text, str(fx.path))
    converted_text = converted.read_text()
    check_includes(converted_text, str(converted))
    thread = glue.thread_function(fx.text, str(fx.path), fx.thread)
    entry = glue.description(converted_text, str(converted), thread.name)
    original = builder.binary(label + ".original",
                              glue.translation_unit(fx.path, fx.text, thread, fx.stubs),
                              str(fx.path))
    conv = builder.binary(label + ".converted",
                          glue.translation_unit(converted, converted_text, entry, fx.stubs),
                          str(converted))
    return Pair(original, conv, tuple(scripts.applicable(fx.text)), glue.result_read(fx.text))


@dataclass
class PairOutcome:
    failures: List[ScriptFailure] = field(default_factory=list)
    ends_alone: bool = False                    # the original left its loop by itself
    unread_results: Optional[str] = None        # results that differ but are not read (R7)


def compare_pair(pair: Pair) -> PairOutcome:
    outcome = PairOutcome()
    for script in pair.scripts:
        original = run_trace(pair.original, script)
        converted = run_trace(pair.converted, script)
        diff = traces.compare(original, converted, pair.results)
        outcome.ends_alone = outcome.ends_alone or ends_alone(original)
        if diff:
            outcome.failures.append(ScriptFailure(script, diff))
        elif not pair.results and not outcome.unread_results:
            strict = traces.compare(original, converted)
            if strict:
                outcome.unread_results = "%s: original %s, converted %s" % (
                    script.name, strict.original, strict.converted)
    return outcome


def check_fixture(builder: Builder, fx: Fixture, conversion: Conversion) -> Result:
    if fx.expect is Expect.REFUSED:
        if conversion.refused:
            return Result(fx.name, Verdict.PASS, "refused, untouched (%s)" % fx.reason)
        return Result(fx.name, Verdict.FAIL, "expected refused (%s), but it was converted"
                      % fx.reason)
    if conversion.refused:
        return Result(fx.name, Verdict.FAIL, "expected a conversion, got a refusal: %s"
                      % conversion.reason)
    assert conversion.path is not None
    pair = build_pair(builder, fx, conversion.path, fx.name)
    outcome = compare_pair(pair)
    failures = outcome.failures
    notes = []
    if "kthread_stop_current" in conversion.path.read_text() and not outcome.ends_alone:
        notes.append("no script made the original leave its loop before kthread_stop(), so "
                     "the conversion's kthread_stop_current() exit ran with a stop pending "
                     "if at all ('Harness: returns' can drive it)")
    if outcome.unread_results:
        notes.append("results differ where the owner does not read kthread_stop()'s (R7): "
                     + outcome.unread_results)
    if failures:
        return Result(fx.name, Verdict.FAIL, "%d of %d scripts differ"
                      % (len(failures), len(pair.scripts)), failures, notes)
    return Result(fx.name, Verdict.PASS, "%d scripts, same observable calls"
                  % len(pair.scripts), notes=notes)


@dataclass(frozen=True)
class Mutant:
    name: str
    path: Path
    of: str
    mutation: str
    caught_by: str
    original: str
    converted: str


def load_mutant(path: Path) -> Mutant:
    f = fixtures.header_fields(path.read_text(), path)
    missing = [k for k in ("mutant-of", "mutation", "caught-by", "original", "converted")
               if not f.get(k)]
    if missing:
        raise HarnessError("%s: the mutant header lacks %s" % (path, ", ".join(missing)))
    return Mutant(path.stem, path, f["mutant-of"], f["mutation"], f["caught-by"],
                  f["original"], f["converted"])


def check_mutant(builder: Builder, mutant: Mutant,
                 find_fixture: Callable[[str], Optional[Fixture]]) -> Result:
    fx = find_fixture(mutant.of)
    if fx is None:
        raise HarnessError("%s: Mutant-of names no fixture %r" % (mutant.path, mutant.of))
    pair = build_pair(builder, fx, mutant.path, "mutant-" + mutant.name)
    if mutant.caught_by not in {s.name for s in pair.scripts}:
        raise HarnessError("%s: Caught-by names no script of %s: %r"
                           % (mutant.path, fx.name, mutant.caught_by))
    failures = compare_pair(pair).failures
    named = [f for f in failures if f.script.name == mutant.caught_by]
    if not named:
        return Result(mutant.name, Verdict.FAIL, "not caught by %s (%s)"
                      % (mutant.caught_by, mutant.mutation), failures)
    diff = named[0].difference
    if (diff.original, diff.converted) != (mutant.original, mutant.converted):
        return Result(mutant.name, Verdict.FAIL,
                      "caught by %s, but not with the expected first difference "
                      "(original: %s / converted: %s)"
                      % (mutant.caught_by, mutant.original, mutant.converted), named)
    return Result(mutant.name, Verdict.PASS, "caught by %d of %d scripts (%s)"
                  % (len(failures), len(pair.scripts), mutant.mutation))
