# SPDX-License-Identifier: GPL-2.0
"""The arms of if/else chains, and when braces around an arm are only layout.

Braces around an arm holding one expression statement or jump are not part of its meaning:
`if (a) x(); else { y(); }` is `if (a) x(); else y();`.  Such a statement holds no other
statement (no dangling else can bind to it) and declares nothing (no scope ends with the
brace).  Any other braced arm keeps its braces: `if (a) { if (b) x(); } else y();` without
them gives the else to `if (b)`; so does an iterator macro's arm, `NAME(...) x();`.
Macros are not expanded: this holds for statement macros that are single statements, as
kernel style wants them (do { } while (0), no trailing bare `if`).
"""
from typing import List, Optional, Sequence

from ..ctext import parse
from ..ctext.parse import BLOCK, IF, JUMP, SIMPLE, Node
from ..ctext.tokens import ID, NUM, STR, Token, match_bracket

#: Words that start a statement: a statement holding one holds another statement.
STATEMENT_WORDS = frozenset(("if", "else", "for", "while", "do", "switch", "case",
                             "default"))
#: What may start the body of an iterator macro but not continue a call's expression.
OPENS_BODY = ("{", "*", "&", "(", "++", "--")


def is_if(tokens: Sequence[Token], i: int) -> bool:
    return tokens[i].text == "if" and i + 1 < len(tokens) and tokens[i + 1].text == "("


def chain(tokens: List[Token], i: int) -> List[Node]:
    """The arms of the if/else chain whose first `if` is tokens[i]: each then-arm, and the
    final else-arm when there is one."""
    node: Optional[Node] = parse.statement(tokens, i)
    out: List[Node] = []
    while node is not None and node.kind == IF:
        out.append(node.body)
        node = node.orelse
        if node is not None and not is_if(tokens, node.start):
            out.append(node)
            break
    return out


def _iterator_head(tokens: Sequence[Token], node: Node) -> bool:
    """Whether node starts like an iterator macro with a body: `NAME(...) statement`."""
    if not (tokens[node.start].kind == ID and node.start + 1 <= node.end and
            tokens[node.start + 1].text == "("):
        return False
    close = match_bracket(list(tokens), node.start + 1)
    after = tokens[close + 1] if close < node.end else None
    return after is not None and (after.kind in (ID, NUM, STR) or after.text in OPENS_BODY)


def simple(tokens: Sequence[Token], node: Node) -> bool:
    """Whether node is one expression statement or jump holding no other statement (an
    iterator macro's loop, `NAME(...) x();`, holds one)."""
    return node.kind in (SIMPLE, JUMP) and not _iterator_head(tokens, node) and not any(
        tokens[k].text in STATEMENT_WORDS for k in range(node.start, node.end + 1))


def loose(tokens: Sequence[Token], arm: Node) -> bool:
    """Whether the braces of arm can go: a block holding one simple statement."""
    return arm.kind == BLOCK and len(arm.children) == 1 and simple(tokens, arm.children[0])
