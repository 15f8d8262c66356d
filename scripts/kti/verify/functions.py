# SPDX-License-Identifier: GPL-2.0
"""Line ranges of the function definitions of a C file, with the project's C text helpers.

A function runs from the first line of its declaration (return type and storage class
included, found as the first line after the previous declaration that is neither blank
nor a preprocessor line) to the line of its closing brace.
"""
from dataclasses import dataclass
from typing import Dict, Iterable, List

from .. import ctext


@dataclass(frozen=True)
class FunctionLines:
    name: str
    first: int
    last: int

    def covers(self, line: int) -> bool:
        return self.first <= line <= self.last


def _head_start(masked: str, lines: List[str], name_at: int, starts: List[int]) -> int:
    boundary = max(masked.rfind(";", 0, name_at), masked.rfind("}", 0, name_at))
    line, _ = ctext.line_of(starts, boundary + 1) if boundary >= 0 else (1, 0)
    if boundary >= 0 and masked[boundary + 1:starts[line] if line < len(starts) else None].strip():
        return line
    line += 1 if boundary >= 0 else 0
    while line < len(lines):
        text = lines[line - 1].strip()
        if text and not text.startswith("#"):
            break
        line += 1
    return line


def function_lines(text: str) -> List[FunctionLines]:
    """Every top-level function definition of text, in order."""
    masked = ctext.mask(text)
    starts = ctext.line_starts(text)
    lines = ctext.split_lines(masked)
    found = []
    for span in ctext.function_spans(masked):
        name_at = masked.rfind(span.name, 0, span.body_open)
        first = _head_start(masked, lines, name_at, starts)
        last, _ = ctext.line_of(starts, span.body_close)
        found.append(FunctionLines(span.name, min(first, ctext.line_of(starts, name_at)[0]), last))
    return found


def touched(functions: Iterable[FunctionLines], lines: Iterable[int]) -> List[str]:
    """Names of the functions that contain any of the lines, in file order."""
    wanted = set(lines)
    return [fn.name for fn in functions if any(fn.covers(line) for line in wanted)]


def by_name(functions: Iterable[FunctionLines]) -> Dict[str, FunctionLines]:
    return {fn.name: fn for fn in functions}
