# SPDX-License-Identifier: GPL-2.0
"""Positions of the main loop's parts, for tools that rewrite it (the converter).

Every position is [line, col, offset] (1-based line, 0-based byte column, byte offset); an
extent is {"start": position, "end": position} with the end just past the last byte.
Tokens spliced in from an in-file macro carry the position of the macro use.
"""
from typing import TYPE_CHECKING, List, Optional

from ..ctext.parse import BLOCK, DO, JUMP, Node, walk
from ..ctext.tokens import ID, Token
from .exits import loop_exits
from .features import freezer_kind
from .vocabulary import PARKING, SIGNALS, STOP_PREDICATES

if TYPE_CHECKING:
    from .body import ThreadBody
    from .locals import Local


def _start(tok: Token) -> List[int]:
    return [tok.line, tok.col, tok.offset]


def _extent(fn: "ThreadBody", first: int, last: int) -> dict:
    return {"start": _start(fn.tokens[first]),
            "end": fn.source.position(fn.tokens[last].end)}


def _checkpoint_kinds(fn: "ThreadBody", name: str) -> List[str]:
    kinds = []
    if name in STOP_PREDICATES or name in fn.helpers or "should_stop" in name:
        kinds.append("stop")
    if freezer_kind(name):
        kinds.append("freezer")
    if name in PARKING:
        kinds.append("park")
    if name in SIGNALS:
        kinds.append("signal")
    return kinds


def checkpoints(fn: "ThreadBody", start: int, end: int) -> List[dict]:
    """Stop, freezer, park and signal calls written in tokens[start:end]."""
    found = []
    for j in range(start, min(end, len(fn.tokens))):
        tok = fn.tokens[j]
        if tok.kind != ID or fn.text(j + 1) != "(" or fn.text(j - 1) in (".", "->"):
            continue
        kinds = _checkpoint_kinds(fn, tok.text)
        if kinds:
            item = {"name": tok.text, "kinds": kinds, "at": _start(tok)}
            if tok.macro:
                item["macro"] = tok.macro
            found.append(item)
    return found


def _jumps(fn: "ThreadBody", loop: Node) -> List[dict]:
    leaving = {id(e.node): e for e in loop_exits(fn, loop)}
    found = []
    for node, _ in walk(loop.body) if loop.body is not None else []:
        if node.kind != JUMP:
            continue
        leave = leaving.get(id(node))
        if leave is None and not (node.what == "continue" and node.target is loop):
            continue
        found.append({"what": node.what, "extent": _extent(fn, node.start, node.end),
                      "label": node.name, "leaves": leave is not None,
                      "stop_exit": bool(leave and leave.stop_exit)})
    return found


def _range(fn: "ThreadBody", span: Optional[tuple]) -> Optional[dict]:
    if span is None or span[1] <= span[0]:
        return None
    return _extent(fn, span[0], span[1] - 1)


def loop_positions(fn: "ThreadBody", loop: Node, local_list: List["Local"]) -> dict:
    """The main loop's statement, condition, body braces, jumps, checkpoint calls, and the
    declarations before it with every read and write of the locals they declare."""
    body = loop.body
    braces = None
    if body is not None and body.kind == BLOCK and fn.text(body.start) == "{":
        braces = {"open": _start(fn.tokens[body.start]),
                  "close": _start(fn.tokens[body.end])}
    declarations = []
    for node in dict.fromkeys(local.decl_node for local in local_list):
        declarations.append({"names": [d[0] for d in node.decls],
                             "extent": _extent(fn, node.start, node.end)})
    return {
        "what": loop.what,
        "extent": _extent(fn, loop.start, loop.end),
        "cond": _range(fn, loop.cond),
        "body": braces,
        "do_while": _start(fn.tokens[loop.do_while]) if loop.what == DO and
        loop.do_while is not None else None,
        "jumps": _jumps(fn, loop),
        "checkpoints": checkpoints(fn, loop.start, loop.end + 1),
        "declarations": declarations,
        "locals": [{"name": local.name, "declared": _start(fn.tokens[local.declared]),
                    "uses": [{"access": access, "at": _start(fn.tokens[at])}
                             for at, access in local.uses]}
                   for local in local_list],
    }
