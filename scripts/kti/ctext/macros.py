# SPDX-License-Identifier: GPL-2.0
"""#define reading: the macros a file defines, and which #define a line belongs to."""
import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Set

from .positions import split_lines
from .preproc import text_delta
from .tokens import Token, lex

_DEFINE = re.compile(r"^[ \t]*#[ \t]*define[ \t]+(\w+)(\([^)]*\))?((?:[^\n\\]|\\.)*)",
                     re.M | re.S)
_DEFINE_LINE = re.compile(r"\s*#\s*define\s+([A-Za-z_]\w*)(\(([^)]*)\))?")


@dataclass
class Macro:
    """`#define name(params) body`: params is None for an object-like macro; body holds the
    tokens of the replacement list with their positions in the file; line is the line of
    the #define and end_line its last continuation line."""
    name: str
    params: Optional[List[str]]
    body: List[Token]
    line: int
    end_line: int


def _params(text: Optional[str]) -> Optional[List[str]]:
    if text is None:
        return None
    return [p.strip() for p in text[1:-1].split(",") if p.strip()]


def every_macro(text: str) -> List[Macro]:
    """Every #define of text in order, each definition of a name (the branches of an #if
    may define it differently)."""
    found = []
    for m in _DEFINE.finditer(text):
        body, _ = lex(text, m.start(3), m.end(3))
        line = text.count("\n", 0, m.start()) + 1
        found.append(Macro(m.group(1), _params(m.group(2)), body, line,
                           line + m.group(0).count("\n")))
    return found


def without_unbalanced_defines(masked: str) -> str:
    """Masked text with the #define lines whose brackets do not balance blanked (newlines
    kept): `#define for_each_x(a) list_for_each(...) {` must not swallow the functions
    after it."""
    if "define" not in masked:
        return masked
    return _DEFINE.sub(lambda m: m.group(0) if text_delta(m.group(0)) == (0, 0, 0)
                       else re.sub(r"[^\n]", " ", m.group(0)), masked)


def read_macros(text: str) -> Dict[str, Macro]:
    """Every #define of text by name (a later definition of a name replaces an earlier)."""
    return {macro.name: macro for macro in every_macro(text)}


def macro_at(lines: List[str], line: int) -> Optional[Macro]:
    """The #define that line (1-based) belongs to, continuation lines included, without
    its body tokens; None when the line is not part of a #define."""
    if not 0 < line <= len(lines):
        return None
    start = line
    while start > 1 and lines[start - 2].rstrip().endswith("\\"):
        start -= 1
    match = _DEFINE_LINE.match(lines[start - 1])
    if not match:
        return None
    end = start
    while end < len(lines) and lines[end - 1].rstrip().endswith("\\"):
        end += 1
    if end < line:
        return None
    return Macro(match.group(1), _params(match.group(2)) or [], [], start, end)


def macro_lines(text: str) -> Set[int]:
    """Lines belonging to a #define, continuation lines included."""
    lines: Set[int] = set()
    inside = False
    for number, line in enumerate(split_lines(text), 1):
        if inside or re.match(r"\s*#\s*define\b", line):
            lines.add(number)
            inside = line.rstrip().endswith("\\")
        else:
            inside = False
    return lines
