# SPDX-License-Identifier: GPL-2.0
"""Gate 3: the tree's own scripts/checkpatch.pl --strict reports nothing on the patch.

Run from BASE on the bare diff.  The commit message is written later by the verifier, so
the checks about it (a sign-off, a description) are left out; every other ERROR, WARNING or
CHECK fails the gate.
"""
import re
import subprocess
from pathlib import Path
from typing import List

from .model import Gate, GateResult, Status

_ISSUE = re.compile(r"^(?P<where>[^:]*:\d+:)? ?(?P<level>ERROR|WARNING|CHECK):(?P<text>.*)$")
TIMEOUT = 300


def command(base: Path) -> List[str]:
    return ["perl", str(base / "scripts" / "checkpatch.pl"), "--strict", "--no-signoff",
            "--ignore", "COMMIT_MESSAGE",
            "--terse", "--show-types", "--no-summary", "--root", str(base), "-"]


def issues(output: str) -> List[str]:
    """The ERROR/WARNING/CHECK lines of checkpatch --terse output."""
    found = []
    for line in output.splitlines():
        match = _ISSUE.match(line.strip())
        if match:
            found.append(line.strip().removeprefix("-:"))
    return found


def check(base: Path, patch: str) -> GateResult:
    try:
        proc = subprocess.run(command(base), input=patch, capture_output=True, text=True,
                              errors="replace", cwd=str(base), timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return GateResult(Gate.CHECKPATCH, Status.FAIL,
                          f"checkpatch.pl did not finish within {TIMEOUT} s")
    found = issues(proc.stdout)
    if found:
        return GateResult(Gate.CHECKPATCH, Status.FAIL,
                          f"checkpatch --strict: {len(found)} issue(s): " + " | ".join(found[:5]),
                          {"issues": found})
    if proc.returncode != 0:
        return GateResult(Gate.CHECKPATCH, Status.FAIL,
                          f"checkpatch.pl exit {proc.returncode}: "
                          + (proc.stderr.strip() or proc.stdout.strip())[:300])
    return GateResult(Gate.CHECKPATCH, Status.PASS)
