# SPDX-License-Identifier: GPL-2.0
"""A parsed function body and the stop-related questions the classifier asks about it."""
from typing import TYPE_CHECKING, FrozenSet, List, Optional, Tuple

from ..ctext.parse import BLOCK, DECL, IF, ITERATOR, JUMP, LOOP, SIMPLE, Function, Node
from .features import calls
from .vocabulary import FREEZABLE_STOP, KTHREAD_STOP, SLEEPISH

if TYPE_CHECKING:
    from .source import SourceFile

#: stop_kind() values: the kind of predicate and its name.
FREEZABLE = "freezable"
HELPER = "helper"
CUSTOM = "custom"
KTHREAD = "kthread"

StopKind = Tuple[str, str]


class ThreadBody:
    """One function of a SourceFile, parsed; helpers are the stop helpers (functions
    returning a stop predicate) its stop checks may call."""

    def __init__(self, source: "SourceFile", name_offset: int):
        self.source = source
        self.function = Function(source.text, name_offset, source.macros)
        self.tokens = self.function.tokens
        self.root = self.function.root
        self.nodes = self.function.nodes
        self.helpers: FrozenSet[str] = frozenset()

    def text(self, i: int) -> str:
        return self.tokens[i].text if 0 <= i < len(self.tokens) else ""

    def calls(self, start: int, end: int) -> List[str]:
        return calls(self.tokens, start, end, self.source.macros)

    def stop_kind(self, start: int, end: int) -> Optional[StopKind]:
        """Which stop predicate tokens[start:end] calls, or None."""
        names = self.calls(start, end)
        if FREEZABLE_STOP in names:
            return FREEZABLE, FREEZABLE_STOP
        for name in names:
            if name in self.helpers:
                return HELPER, name
        for name in names:
            if "should_stop" in name and name != KTHREAD_STOP:
                return CUSTOM, name
        if KTHREAD_STOP in names:
            return KTHREAD, KTHREAD_STOP
        return None

    def body_stop_checks(self, loop: Node) -> List[Tuple[StopKind, Node]]:
        """Stop predicates tested by if statements of the loop body itself (not of nested
        loops)."""
        found: List[Tuple[StopKind, Node]] = []

        def visit(node: Optional[Node]) -> None:
            if node is None or node.kind == LOOP:
                return
            if node.kind == IF:
                kind = self.stop_kind(*node.cond)
                if kind:
                    found.append((kind, node))
            for child in node.subnodes():
                visit(child)

        visit(loop.body)
        return found

    def loops(self) -> List[Tuple[Node, List[Node]]]:
        return self.function.loops()

    def cond_texts(self, loop: Node) -> List[str]:
        return self.function.texts(*loop.cond)

    def is_infinite(self, loop: Node) -> bool:
        if loop.what == ITERATOR:
            return False
        return self.cond_texts(loop) in ([], ["1"], ["true"])

    def is_wait_loop(self, loop: Node) -> bool:
        """A stop loop that only sleeps until kthread_stop(): its body holds nothing but
        sleeping calls and stop checks."""

        def quiet(node: Optional[Node]) -> bool:
            if node is None:
                return True
            if node.kind == BLOCK:
                return all(quiet(c) for c in node.children)
            if node.kind in (SIMPLE, DECL):
                tok = self.tokens[node.start]
                return (tok.text in SLEEPISH and self.text(node.start + 1) == "(") or \
                    tok.text == ";"
            if node.kind == IF:
                return self.stop_kind(*node.cond) is not None and \
                    quiet(node.body) and quiet(node.orelse)
            return node.kind == JUMP and node.what == "break"

        if loop.what != ITERATOR:
            cond = self.cond_texts(loop)
            if "&&" in cond or "||" in cond:
                return False
        return quiet(loop.body)
