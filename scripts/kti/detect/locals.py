# SPDX-License-Identifier: GPL-2.0
"""Locals declared before a loop, every read and write of them, and which ones the loop
keeps across iterations (persistent locals)."""
from dataclasses import dataclass
from typing import List, Optional, Tuple

from ..ctext.parse import DECL, LOOP, Node
from ..ctext.tokens import ID
from .body import ThreadBody
from .vocabulary import ASSIGN_OPS, PURE_CALLS

#: Access kinds of a local, as in the facts.
READ = "read"
WRITE = "write"
READ_WRITE = "readwrite"
ADDRESS = "address"


@dataclass
class Local:
    """A local declared in the function body before a loop, with every use: (token index,
    access) in source order, its declaration and whether its initializer calls something
    other than PURE_CALLS."""
    name: str
    declared: int
    decl_node: Node
    uses: List[Tuple[int, str]]
    complex_init: bool = False


def _assignment_reads(fn: ThreadBody, j: int, name: str) -> Tuple[bool, int]:
    """For `name = ...` at token j: whether the right side reads name, and where it ends."""
    tokens = fn.tokens
    k = j + 2
    depth = 0
    reads = False
    while k < len(tokens):
        text = tokens[k].text
        if text in ("(", "[", "{"):
            depth += 1
        elif text in (")", "]", "}"):
            if depth == 0:
                break
            depth -= 1
        elif text in (";", ",") and depth == 0:
            break
        elif text == name and tokens[k - 1].text not in (".", "->"):
            reads = True
        k += 1
    return reads, k


def locals_before(fn: ThreadBody, loop: Node) -> List[Local]:
    """The locals declared outside any loop before `loop`, with their uses."""
    tokens = fn.tokens
    result: List[Local] = []
    for node, chain in fn.nodes:
        if node.kind != DECL or node.start >= loop.start:
            continue
        if any(c.kind == LOOP for c in chain):
            continue
        for name, at, init in node.decls:
            local = Local(name, at, node, [])
            if init is not None:
                local.uses.append((at, WRITE))
                if any(c not in PURE_CALLS for c in fn.calls(init[0], init[1])):
                    local.complex_init = True
            for j in range(node.end + 1, len(tokens)):
                tok = tokens[j]
                if tok.kind != ID or tok.text != name:
                    continue
                prev = tokens[j - 1].text
                if prev in (".", "->"):
                    continue
                nxt = tokens[j + 1].text if j + 1 < len(tokens) else ""
                if nxt == ":" and prev in (";", "{", "}"):
                    continue
                if nxt == "=":
                    reads, k = _assignment_reads(fn, j, name)
                    local.uses.append((j, READ_WRITE if reads else WRITE))
                    if j < loop.start and any(c not in PURE_CALLS
                                              for c in fn.calls(j + 2, k)):
                        local.complex_init = True
                elif nxt in ASSIGN_OPS or nxt in ("++", "--") or prev in ("++", "--"):
                    local.uses.append((j, READ_WRITE))
                elif prev == "&" and tokens[j - 2].kind == "op" and \
                        tokens[j - 2].text not in (")", "]") and nxt not in ("->", ".", "["):
                    # Address taken: may be written through it.
                    local.uses.append((j, ADDRESS))
                else:
                    local.uses.append((j, READ))
            result.append(local)
    return result


def persistent(local: Local, loop: Node) -> Optional[Tuple[bool, str]]:
    """(simple, why) when the local carries state into, across or out of the loop."""
    inside = [u for u in local.uses if loop.start <= u[0] <= loop.end]
    if not inside:
        return None
    before = [u for u in local.uses if u[0] < loop.start]
    after = [u for u in local.uses if u[0] > loop.end]
    written_before = any(u[1] != READ for u in before)
    written_in = any(u[1] in (WRITE, READ_WRITE) for u in inside)
    read_first = inside[0][1] != WRITE
    read_after = any(u[1] != WRITE for u in after)
    name = local.name
    if written_in and read_first:
        return False, "keeps '%s' across iterations" % name
    if written_in and read_after:
        return False, "uses '%s' after the loop" % name
    if written_before and read_first:
        addr = any(u[1] == ADDRESS for u in local.uses)
        simple = not (local.complex_init or addr or
                      len([u for u in before if u[1] != READ]) > 1)
        return simple, "sets up '%s' before the loop" % name
    return None


def persistent_locals(fn: ThreadBody, loop: Node, found: Optional[List[Local]] = None
                      ) -> List[Tuple[str, bool, str]]:
    """Locals that carry state into, across or out of the loop: (name, simple, why)."""
    result = []
    for local in (found if found is not None else locals_before(fn, loop)):
        verdict = persistent(local, loop)
        if verdict is not None:
            result.append((local.name, verdict[0], verdict[1]))
    return result
