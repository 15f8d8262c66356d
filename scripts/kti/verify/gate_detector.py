# SPDX-License-Identifier: GPL-2.0
"""Gate 5: the detector, re-run on the converted files, finds nothing legacy left.

The detector (cocci/kthread_threads.cocci, run as scripts/kti runs it) classifies the loop
of every `int f(void *)` function.  The callbacks of an iterant kthread are mostly `void
f(void *)`, so it would not look at them: the detector runs on a probe copy in which the
unit's functions (every function the patch touches and every callback a `struct
kthread_iterant` initializer names) are declared `int`.  The gate fails when
- any of them still has a stop-checked loop (every loop shape but one-shot and
  infinite-without-stop-check) that is not one the legacy function had besides its main
  loop, moved unchanged into the callback its part of the code went to (moved.py),
- a creation call still passes an old thread function,
- an old thread function name is still used anywhere in the code of the changed files
  (the engine's test, sites.uses()).
"""
import dataclasses
import re
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional, Sequence, Set

from .. import ctext
from .. import spatch as sp
from ..convert import sites
from ..detect.classify import Helpers
from ..detect.source import SourceFile
from ..ids import name_of
from . import functions as fnlines
from . import moved
from .model import Gate, GateResult, Status, Unit
from .unitfiles import UnitFiles

#: Loop shapes without a stop check in a loop: what a callback may have.
NOT_STOP_LOOPS = frozenset(("one-shot", "infinite-without-stop-check"))

_CALLBACK = re.compile(r"\.(?P<role>init|func|destroy|should_run)\s*=\s*&?\s*(?P<name>[A-Za-z_]\w*)")
_KTI_INIT = re.compile(r"struct\s+kthread_iterant\s+[A-Za-z_]\w*\s*=\s*\{")


def callbacks(text: str) -> Set[str]:
    """Functions named as callbacks in the struct kthread_iterant initializers of text."""
    return set(roles(text))


def roles(text: str) -> Dict[str, str]:
    """Callback name -> its role (init, func, destroy, should_run) in the struct
    kthread_iterant initializers of text."""
    masked = ctext.mask(text)
    named: Dict[str, str] = {}
    for match in _KTI_INIT.finditer(masked):
        close = ctext.matching_close(masked, match.end() - 1)
        if close > 0:
            named.update((m["name"], m["role"])
                         for m in _CALLBACK.finditer(masked[match.end():close]))
    return named


def probe_text(text: str, names: Set[str]) -> str:
    """text with `void NAME(void *x)` definitions of names turned into `int NAME(...)`."""
    for name in sorted(names):
        text = re.sub(r"\bvoid(\s+%s\s*\(\s*void\s*\*\s*\w+\s*\)\s*\{)" % re.escape(name),
                      r"int\1", text)
    return text


def old_name_uses(text: str, names: Sequence[str]) -> List[int]:
    """Lines where any of names is used as an identifier in code (sites.uses())."""
    return sorted({line for name in names for line in sites.uses(text, name)})


def check(files: UnitFiles, unit: Unit, spatch: sp.Spatch, cocci: Path,
          timeout: int) -> GateResult:
    problems: List[str] = []
    for path in files.c_files():
        text = (files.after / path).read_text(errors="replace")
        for line in old_name_uses(text, unit.old_names):
            problems.append(f"{path}:{line}: old thread function name still used")
        change = next(c for c in files.changes if c.path == path)
        found = fnlines.function_lines(text)
        unit_fns = set(fnlines.touched(found, change.added)) | callbacks(text)
        if not path.endswith(".c") or not unit_fns:
            continue
        (files.after / path).write_text(probe_text(text, unit_fns))
        try:
            result = sp.run_one(spatch, cocci, files.after, path, timeout)
        finally:
            (files.after / path).write_text(text)
        kept = _Legacy(files, path, unit, result.facts)
        problem = _judge(result, unit_fns, unit.old_names, path, kept)
        if problem:
            problems.extend(problem)
    if problems:
        return GateResult(Gate.DETECTOR, Status.FAIL, "; ".join(problems[:6]))
    return GateResult(Gate.DETECTOR, Status.PASS)


class _Origin(NamedTuple):
    """What a callback's stop constructs are judged against: its thread function's."""
    parts: Optional[Dict[str, List[tuple]]]     # moved.legacy_parts(); None: no main loop
    ctx_var: str
    ctx_fields: List[str]
    exits: List[dict]


class _Legacy:
    """The stop constructs of the legacy function of path that its callbacks may keep."""

    def __init__(self, files: UnitFiles, path: str, unit: Unit, facts: List[dict]):
        self.helpers = Helpers(
            frozenset(f["name"] for f in facts if f.get("kind") == "stop_helper"),
            {f["name"]: bool(f.get("waits")) for f in facts if f.get("kind") == "stop_loop"})
        self.after = SourceFile(path, (files.after / path).read_text(errors="replace"))
        self.roles = roles(self.after.text)
        #: callback name -> what its thread function had
        self.by_callback: Dict[str, _Origin] = {}
        before = files.before / path
        if not before.exists():
            return
        legacy = SourceFile(path, before.read_text(errors="replace"))
        members = unit.facts.get("members") or {unit.thread_functions[0]: unit.facts}
        for tf_id, facts in members.items():
            body = legacy.definition(name_of(tf_id))
            if body is None:
                continue
            exits = list(facts.get("exits", []))
            names = facts.get("names", {})
            # The engine's stop helper (defined in another file) marks the main loop.
            helpers = self.helpers if not facts.get("stop_helper") else dataclasses.replace(
                self.helpers, predicates=self.helpers.predicates | {facts["stop_helper"]})
            entry = _Origin(moved.legacy_parts(body, helpers, exits),
                            names.get("ctx_var", ""), list(facts.get("ctx_fields", [])), exits)
            for role in ("init", "func", "destroy"):
                if names.get(role):
                    self.by_callback[names[role]] = entry

    def left_behind(self, name: str) -> Optional[List[int]]:
        """Lines of stop constructs of callback name not moved from the legacy function;
        None when the callback cannot be checked so (no legacy main loop, no role)."""
        body = self.after.definition(name)
        origin = self.by_callback.get(name)
        if origin is None or origin.parts is None or body is None or name not in self.roles:
            return None
        return moved.left_behind(body, self.roles[name], origin.parts, self.helpers,
                                 origin.ctx_var, origin.ctx_fields, origin.exits)


def _judge(result: sp.FileResult, unit_fns: Set[str], old_names: Sequence[str],
           path: str, legacy: _Legacy) -> Optional[List[str]]:
    if result.failed:
        return [f"{path}: detector {result.status}: {result.message}"]
    problems = []
    for fact in result.facts:
        if fact.get("kind") == "threadfn" and fact.get("name") in unit_fns \
                and fact.get("loop") not in NOT_STOP_LOOPS:
            left = legacy.left_behind(fact["name"])
            if left == []:
                continue
            at = left[0] if left else fact.get("line")
            problems.append(f"{path}:{at}: {fact['name']}() still has a "
                            f"{fact.get('loop')} loop")
        if fact.get("kind") == "create" and fact.get("arg") in old_names:
            problems.append(f"{path}:{fact.get('line')}: {fact.get('creator')}() still "
                            f"starts {fact['arg']}")
    return problems
