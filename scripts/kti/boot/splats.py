# SPDX-License-Identifier: GPL-2.0
"""Find kernel splats in a console log: warnings, BUGs, oopses, lockdep and freezer reports.

Any of these fails the boot test even when every test passed: a test that "passes" while the
kernel complains about a lock inversion has found a bug, not missed one.
"""
from dataclasses import dataclass
from typing import Iterable, List

# Substrings, matched case-sensitively, as the kernel prints them.
SPLAT_MARKERS = (
    "possible circular locking",
    "inconsistent lock state",
    "INFO: ",
    "BUG:",
    "WARNING:",
    "Oops",
    "Call Trace",
    "refusing to freeze",
    "Freezing of tasks failed",
    "sleeping function called from invalid context",
    "Kernel panic",
)


@dataclass(frozen=True)
class Splat:
    """One log line holding a splat marker (1-based line number, for the reader)."""

    lineno: int
    marker: str
    line: str


def find_splats(lines: Iterable[str]) -> List[Splat]:
    """Every line of the log that carries a splat marker, first marker per line."""
    found = []
    for lineno, line in enumerate(lines, start=1):
        for marker in SPLAT_MARKERS:
            if marker in line:
                found.append(Splat(lineno, marker, line.rstrip()))
                break
    return found
