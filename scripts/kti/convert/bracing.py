# SPDX-License-Identifier: GPL-2.0
"""Braces of if/else chains added or removed as checkpatch's BRACES checks ask, in text.

checkpatch has no --fix for them.  A chain it reports is edited only when its `if` and
every line an edit touches are written ones and its layout is the kernel's (an arm's
statement on lines of its own, `{` ending the line of its `if (...)` or `else`, `}`
starting a line); the arms edited hold one expression statement or jump each, so only
braces that are layout (arms.py) change.
"""
from dataclasses import dataclass
from typing import List, Optional, Sequence, Set, Tuple

from ..ctext import lex
from ..ctext.parse import BLOCK, Node
from ..ctext.tokens import Token
from . import arms

#: checkpatch's BRACES messages this module acts on, and what each asks.
UNBALANCED = ("Unbalanced braces around else statement",)
ADD = ("braces {} should be used on all arms of this statement",) + UNBALANCED
REMOVE = ("braces {} are not necessary for any arm of this statement",
          "braces {} are not necessary for single statement blocks")
ADDED = "added"
REMOVED = "removed"

Edit = Tuple[int, int, str]          # text offsets [start, end) and their replacement


@dataclass(frozen=True)
class Report:
    line: int                        # 0-based
    message: str


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end


def _indent(text: str, offset: int) -> str:
    start = _line_start(text, offset)
    line = text[start:_line_end(text, start)]
    return line[:len(line) - len(line.lstrip(" \t"))]


def _last_on_line(toks: Sequence[Token], i: int) -> bool:
    return i + 1 == len(toks) or toks[i + 1].line > toks[i].line


def _first_on_line(toks: Sequence[Token], i: int) -> bool:
    return i == 0 or toks[i - 1].line < toks[i].line


def _add(text: str, toks: List[Token], arm: Node, indent: str) -> Optional[List[Edit]]:
    """Braces around an arm on lines of its own; None when the layout is another."""
    head = arm.start - 1                 # the `)` of the condition or the `else`
    if toks[head].line == toks[arm.start].line or not _last_on_line(toks, arm.end):
        return None
    edits = [(toks[head].end, toks[head].end, " {")]
    nxt = arm.end + 1
    if nxt < len(toks) and toks[nxt].text == "else":
        if not _first_on_line(toks, nxt):
            return None
        edits.append((toks[nxt].offset, toks[nxt].offset, "} "))
    else:
        end = _line_end(text, toks[arm.end].end)
        edits.append((end, end, "\n" + indent + "}"))
    return edits


def _remove(text: str, toks: List[Token], arm: Node) -> Optional[List[Edit]]:
    """The braces of a block arm gone; None when the layout is another."""
    head = arm.start - 1
    close = arm.end
    if toks[head].line != toks[arm.start].line or not _last_on_line(toks, arm.start) or \
            not _first_on_line(toks, close):
        return None
    edits = [(toks[head].end, toks[arm.start].end, "")]
    nxt = close + 1
    if nxt < len(toks) and toks[nxt].text == "else" and toks[nxt].line == toks[close].line:
        edits.append((toks[close].offset, toks[nxt].offset, ""))
        return edits
    start = _line_start(text, toks[close].offset)
    end = _line_end(text, toks[close].offset)
    if text[toks[close].end:end].strip():
        return None
    edits.append((start, min(end + 1, len(text)), ""))
    return edits


def _chain_edits(text: str, toks: List[Token], i: int, add: bool, mine: Set[int]
                 ) -> Optional[List[Edit]]:
    chain = arms.chain(toks, i)
    indent = _indent(text, toks[i].offset)
    edits: List[Edit] = []
    for arm in chain:
        if add and arm.kind != BLOCK and arms.simple(toks, arm):
            more = _add(text, toks, arm, indent)
        elif not add and arm.kind == BLOCK and arms.loose(toks, arm):
            more = _remove(text, toks, arm)
        elif (arm.kind == BLOCK) == add:
            more = []                    # braced already, resp. without braces already
        else:
            return None
        if more is None:
            return None
        edits += more
    if not {toks[i].line - 1} | {text.count("\n", 0, start) for start, _, _ in edits} <= mine:
        return None
    return edits


def _chain_start(toks: List[Token], line: int) -> Optional[int]:
    """Index of the first `if` on a 1-based line that starts a chain (not an else-if)."""
    return next((i for i, t in enumerate(toks) if t.line == line and arms.is_if(toks, i)
                 and not (i and toks[i - 1].text == "else")), None)


def _chain_of_else(toks: List[Token], line: int) -> Optional[int]:
    """Index of the `if` starting the chain of the first `else` on a 1-based line."""
    at = next((i for i, t in enumerate(toks) if t.line == line and t.text == "else"), None)
    if at is None:
        return None
    for i in range(at - 1, -1, -1):
        if arms.is_if(toks, i) and not (i and toks[i - 1].text == "else") and \
                any(arm.end + 1 == at for arm in arms.chain(toks, i)):
            return i
    return None


def fix(lines: List[str], mine: Set[int], reports: Sequence[Report]) -> Tuple[List[str],
                                                                              List[str]]:
    """lines with the reported chains edited, and what was done (ADDED, REMOVED)."""
    text = "\n".join(lines)
    toks = lex(text)[0]
    edits: List[Edit] = []
    done: Set[str] = set()
    seen: Set[int] = set()
    for report in reports:
        add = report.message in ADD
        if not add and report.message not in REMOVE:
            continue
        i = _chain_of_else(toks, report.line + 1) if report.message in UNBALANCED else \
            _chain_start(toks, report.line + 1)
        if i is None or i in seen:
            continue
        seen.add(i)
        more = _chain_edits(text, toks, i, add, mine)
        if more:
            edits += more
            done.add(ADDED if add else REMOVED)
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text.split("\n"), sorted(done)
