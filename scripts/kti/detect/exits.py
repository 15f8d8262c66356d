# SPDX-License-Identifier: GPL-2.0
"""The ways a loop is left: break, return and goto, each guarded by a stop check or not."""
from dataclasses import dataclass
from typing import List, Optional, Tuple

from ..ctext.parse import IF, JUMP, LOOP, SWITCH, Node
from .body import ThreadBody
from .vocabulary import EXITS


def is_stop_guard(fn: ThreadBody, node: Node) -> bool:
    """An if whose condition tests a stop predicate and nothing joined by ||: the jumps
    it guards leave through the stop check.  "if (kthread_should_stop() || err) break;"
    also leaves for another reason."""
    return fn.stop_kind(*node.cond) is not None and "||" not in fn.function.texts(*node.cond)


@dataclass
class Exit:
    """A jump out of a loop: the jump node and whether a stop check guards it."""
    node: Node
    stop_exit: bool


def loop_exits(fn: ThreadBody, loop: Node) -> List[Exit]:
    """Every break, return and goto that leaves the loop, in source order."""
    found: List[Exit] = []

    def visit(node: Optional[Node], breakable: bool, guarded: bool) -> None:
        if node is None:
            return
        if node.kind == JUMP:
            what = node.what
            if (what == "break" and not breakable) or what == "return":
                found.append(Exit(node, guarded))
            elif what == "goto":
                label = node.target
                if label is None or not loop.start <= label.start <= loop.end:
                    found.append(Exit(node, guarded))
            return
        if node.kind in (LOOP, SWITCH):
            visit(node.body, True, guarded)
            return
        if node.kind == IF:
            visit(node.body, breakable, guarded or is_stop_guard(fn, node))
            visit(node.orelse, breakable, guarded)
            return
        for child in node.subnodes():
            visit(child, breakable, guarded)

    visit(loop.body, False, False)
    return found


def exits(fn: ThreadBody, loop: Node) -> Tuple[List[str], List[str]]:
    """How the loop is left besides its stop check: break, return, goto (with the goto
    targets)."""
    kinds = set()
    targets: List[str] = []
    for leave in loop_exits(fn, loop):
        if leave.stop_exit:
            continue
        kinds.add(leave.node.what)
        if leave.node.what == "goto" and leave.node.name not in targets:
            targets.append(leave.node.name)
    return [e for e in EXITS if e in kinds], targets
