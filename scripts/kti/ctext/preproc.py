# SPDX-License-Identifier: GPL-2.0
"""Conditional regions (#if/#ifdef/#elif/#else/#endif) and what no configuration compiles.

The statement parser sees every branch of a conditional, as spatch does, as long as each
branch keeps brackets balanced.  When a conditional splits a statement (a loop head under
#ifdef, its alternative under #else), the branches after the first are left out of the token
stream so that the brackets match again; Conditional.dropped says which.
"""
import re
from dataclasses import dataclass, field
from typing import List, Optional, Sequence, Set, Tuple

from .positions import split_lines
from .tokens import CLOSERS, OP, OPENERS, Directive, Token

OPENING = ("if", "ifdef", "ifndef")
ALTERNATIVE = ("elif", "else")


@dataclass
class Branch:
    """One branch of a conditional: the directive that opens it and the offsets
    [start, end) of its lines, from that directive to the next directive of the group."""
    directive: Directive
    start: int
    end: int


@dataclass
class Conditional:
    """An #if/#ifdef/#ifndef group up to its #endif (None when the text ends first)."""
    branches: List[Branch]
    endif: Optional[Directive]
    #: Branches left out of the token stream because the group's branches do not keep
    #: brackets balanced (see drop_unbalanced); indexes into branches.
    dropped: List[int] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.branches[0].start

    @property
    def end(self) -> int:
        return self.endif.end if self.endif else self.branches[-1].end


def conditionals(directives: Sequence[Directive], text_end: int) -> List[Conditional]:
    """The conditional groups among directives (outermost and nested), in source order."""
    groups: List[Conditional] = []
    stack: List[Conditional] = []
    for directive in directives:
        if directive.kind in OPENING:
            group = Conditional([Branch(directive, directive.offset, text_end)], None)
            groups.append(group)
            stack.append(group)
        elif directive.kind in ALTERNATIVE and stack:
            stack[-1].branches[-1].end = directive.offset
            stack[-1].branches.append(Branch(directive, directive.offset, text_end))
        elif directive.kind == "endif" and stack:
            group = stack.pop()
            group.branches[-1].end = directive.offset
            group.endif = directive
    return groups


def _bracket_delta(tokens: Sequence[Token], start: int, end: int) -> Tuple[int, int, int]:
    counts = {"(": 0, "[": 0, "{": 0}
    closing = {")": "(", "]": "[", "}": "{"}
    for tok in tokens:
        if tok.offset < start:
            continue
        if tok.offset >= end:
            break
        if tok.kind != OP:
            continue
        if tok.text in OPENERS:
            counts[tok.text] += 1
        elif tok.text in CLOSERS:
            counts[closing[tok.text]] -= 1
    return counts["("], counts["["], counts["{"]


def drop_unbalanced(tokens: List[Token], groups: List[Conditional]) -> List[Token]:
    """tokens without the later branches of groups whose branches leave brackets open or
    close brackets they did not open; marks those branches in Conditional.dropped.

    Inner groups are decided first, and what they drop no longer counts for the groups
    around them."""
    kept = tokens
    for group in sorted(groups, key=lambda g: g.end):
        if len(group.branches) < 2:
            continue
        deltas = [_bracket_delta(kept, b.start, b.end) for b in group.branches]
        if all(d == (0, 0, 0) for d in deltas):
            continue
        group.dropped = list(range(1, len(group.branches)))
        spans = [(b.start, b.end) for b in group.branches[1:]]
        kept = [tok for tok in kept if not any(a <= tok.offset < b for a, b in spans)]
    return kept


_CONDITIONAL_LINE = re.compile(r"^[ \t]*#[ \t]*(if|ifdef|ifndef|elif|else|endif)\b", re.M)


def text_delta(text: str) -> Tuple[int, int, int]:
    return (text.count("(") - text.count(")"), text.count("[") - text.count("]"),
            text.count("{") - text.count("}"))


def _branch_delta(masked: str, start: int, end: int, holes: List[Tuple[int, int]]
                  ) -> Tuple[int, int, int]:
    """Bracket delta of masked[start:end] without the (disjoint) holes inside it."""
    delta = text_delta(masked[start:end])
    for a, b in holes:
        if start <= a and b <= end:
            hole = text_delta(masked[a:b])
            delta = (delta[0] - hole[0], delta[1] - hole[1], delta[2] - hole[2])
    return delta


def one_branch_view(masked: str) -> str:
    """Masked text with the later branches of bracket-unbalanced conditional groups
    blanked (newlines kept), so that bracket matching over the whole file works as it
    does in the token stream of drop_unbalanced."""
    if "#" not in masked:
        return masked
    stack: List[List[int]] = []
    holes: List[Tuple[int, int]] = []
    for m in _CONDITIONAL_LINE.finditer(masked):
        kind = m.group(1)
        if kind in OPENING:
            stack.append([m.start()])
        elif kind in ALTERNATIVE and stack:
            stack[-1].append(m.start())
        elif kind == "endif" and stack:
            marks = stack.pop() + [m.start()]
            branches = list(zip(marks, marks[1:]))
            if len(branches) > 1 and any(_branch_delta(masked, a, b, holes) != (0, 0, 0)
                                         for a, b in branches):
                dropped = branches[1:]
                holes = [(x, y) for x, y in holes
                         if not any(a <= x and y <= b for a, b in dropped)] + dropped
    if not holes:
        return masked
    out = []
    last = 0
    for a, b in sorted(holes):
        out.append(masked[last:a])
        out.append(re.sub(r"[^\n]", " ", masked[a:b]))
        last = b
    out.append(masked[last:])
    return "".join(out)


def crossing(groups: Sequence[Conditional], start: int, end: int) -> List[Conditional]:
    """Groups that a statement spanning offsets [start, end) only partly contains: a
    directive of the group lies inside the statement and another outside it."""
    found = []
    for group in groups:
        marks = [b.directive.offset for b in group.branches]
        if group.endif is not None:
            marks.append(group.endif.offset)
        inside = [start <= m < end for m in marks]
        if any(inside) and not all(inside):
            found.append(group)
    return found


_DIRECTIVE_LINE = re.compile(r"\s*#\s*(if|ifdef|ifndef|elif|else|endif)\b(.*)")


def disabled_lines(text: str) -> Set[int]:
    """Lines no configuration compiles: inside `#if 0`, or the `#else` branch of `#if 1`."""
    dead: Set[int] = set()
    stack: List[Tuple[str, bool]] = []  # (condition of the #if, branch is dead)
    for number, line in enumerate(split_lines(text), 1):
        directive = _DIRECTIVE_LINE.match(line)
        if directive:
            kind = directive.group(1)
            cond = directive.group(2).split("/*")[0].split("//")[0].strip()
            if kind in OPENING:
                stack.append((cond if kind == "if" else "", kind == "if" and cond == "0"))
            elif kind == "else" and stack:
                origin, _ = stack.pop()
                stack.append((origin, origin == "1"))
            elif kind == "elif" and stack:
                stack[-1] = (stack[-1][0], False)
            elif kind == "endif" and stack:
                stack.pop()
            continue
        if any(is_dead for _, is_dead in stack):
            dead.add(number)
    return dead
