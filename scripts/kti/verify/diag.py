# SPDX-License-Identifier: GPL-2.0
"""Compiler and sparse diagnostics of one file, and which of them a conversion adds.

diagcc keeps each compile's stderr apart; this module reads `FILE:LINE:COL: warning: TEXT`
(and `error:`) lines from it.  Two builds are compared without line numbers (a conversion
moves code): a warning is new when the converted build has more of the same (tool, file,
text) than the unconverted one.
"""
import re
from collections import Counter
from dataclasses import dataclass
from typing import List, Optional, Sequence

_LINE = re.compile(r"^(?P<path>[^:\s][^:]*):(?P<line>\d+):(?:(?P<col>\d+):)? "
                   r"(?P<severity>warning|error): (?P<text>.*)$")


@dataclass(frozen=True)
class Diagnostic:
    tool: str
    path: str
    line: int
    severity: str
    text: str

    @property
    def key(self) -> tuple:
        return (self.tool, self.path, self.severity, self.text)

    def describe(self) -> str:
        return f"{self.path}:{self.line}: {self.tool} {self.severity}: {self.text}"

    def to_json(self) -> dict:
        return {"tool": self.tool, "path": self.path, "line": self.line,
                "severity": self.severity, "text": self.text}

    @classmethod
    def from_json(cls, obj: dict) -> "Diagnostic":
        return cls(obj["tool"], obj["path"], obj["line"], obj["severity"], obj["text"])


def _relative(path: str, roots: Sequence[str]) -> str:
    for root in roots:
        prefix = root.rstrip("/") + "/"
        if path.startswith(prefix):
            return path[len(prefix):]
    return path


def parse(text: str, tool: str, roots: Sequence[str]) -> List[Diagnostic]:
    """Diagnostics in one compile's stderr; paths made relative to the first matching root."""
    found = []
    for raw in text.splitlines():
        match = _LINE.match(raw.strip())
        if match:
            found.append(Diagnostic(tool, _relative(match["path"], roots), int(match["line"]),
                                    match["severity"], match["text"].strip()))
    return found


def errors(diagnostics: Sequence[Diagnostic]) -> List[Diagnostic]:
    return [d for d in diagnostics if d.severity == "error"]


def compiler_errors(diagnostics: Sequence[Diagnostic]) -> List[Diagnostic]:
    """The errors that stop the build: the compiler's.  A sparse error does not (sparse
    only checks); it is compared between the builds like a warning."""
    return [d for d in errors(diagnostics) if d.tool == "gcc"]


def added(before: Sequence[Diagnostic], after: Sequence[Diagnostic]) -> List[Diagnostic]:
    """Diagnostics of after beyond those of before (same tool, file and text)."""
    budget = Counter(d.key for d in before)
    new = []
    for diagnostic in after:
        if budget[diagnostic.key] > 0:
            budget[diagnostic.key] -= 1
        else:
            new.append(diagnostic)
    return new


def first(diagnostics: Sequence[Diagnostic], limit: int = 3) -> Optional[str]:
    return " | ".join(d.describe() for d in diagnostics[:limit]) or None
