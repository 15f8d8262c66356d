# SPDX-License-Identifier: GPL-2.0
"""Gate 1: the patch applies on BASE and spatch parses what it changed as well as before.

`git apply --check` runs in BASE itself.  Then `spatch --parse-c` (with the detector's
options, so it is the parse the detector gets) reads each changed C file before and after:
a function the patch touches may not have more unparsable lines than the function of the
same name had before (none when it is new), and no added line outside a function (the
new const description) may be unparsable.
"""
from pathlib import Path
from typing import List, Optional, Set

from ..spatch import Spatch
from . import functions as fnlines
from . import parsec
from .model import Gate, GateResult, Status
from .store import JsonStore
from .unitfiles import PatchDoesNotApply, UnitFiles, check_applies


def applies(base: Path, patch: str) -> GateResult:
    """The first half of gate 1; a FAIL here means no other gate can run."""
    try:
        check_applies(base, patch)
    except PatchDoesNotApply as err:
        return GateResult(Gate.APPLY, Status.FAIL, f"does not apply on BASE: {err}")
    return GateResult(Gate.APPLY, Status.PASS)


def _bad_or_none(spatch: Spatch, options: List[str], directory: Path, path: str,
                 timeout: int, memo: Optional[JsonStore]) -> Set[int]:
    if not (directory / path).is_file():
        return set()
    return parsec.parse_c(spatch, options, directory, path, timeout, memo)


def new_parse_errors(files: UnitFiles, spatch: Spatch, options: List[str],
                     timeout: int, memo: Optional[JsonStore] = None) -> List[str]:
    """One description per function (or file-scope line) that parses worse than before."""
    problems: List[str] = []
    for change in files.changes:
        path = change.path
        if change.new_path == "/dev/null" or not path.endswith((".c", ".h")):
            continue
        bad_after = _bad_or_none(spatch, options, files.after, path, timeout, memo)
        if not bad_after:
            continue
        bad_before = _bad_or_none(spatch, options, files.before, path, timeout, memo)
        after = fnlines.function_lines((files.after / path).read_text(errors="replace"))
        before = fnlines.by_name(fnlines.function_lines(
            (files.before / path).read_text(errors="replace"))
            if (files.before / path).is_file() else [])
        for name in fnlines.touched(after, change.added):
            fn = next(f for f in after if f.name == name)
            now = sum(1 for line in bad_after if fn.covers(line))
            old = before.get(name)
            was = sum(1 for line in bad_before if old.covers(line)) if old else 0
            if now > was:
                problems.append(f"{path}: {name}() has {now} unparsable lines, had {was}")
        loose = sorted(line for line in change.added & bad_after
                       if not any(fn.covers(line) for fn in after))
        if loose:
            problems.append(f"{path}: added lines {', '.join(map(str, loose[:5]))} "
                            "outside any function are unparsable")
    return problems


def parses(files: UnitFiles, spatch: Spatch, options: List[str], timeout: int,
           memo: Optional[JsonStore] = None) -> GateResult:
    """The second half of gate 1 (the patch applies: files holds both sides)."""
    try:
        problems = new_parse_errors(files, spatch, options, timeout, memo)
    except parsec.ParseCFailed as err:
        return GateResult(Gate.APPLY, Status.FAIL, str(err))
    if problems:
        return GateResult(Gate.APPLY, Status.FAIL,
                          "spatch --parse-c: " + "; ".join(problems))
    return GateResult(Gate.APPLY, Status.PASS)
