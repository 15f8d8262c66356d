# SPDX-License-Identifier: GPL-2.0
"""The project's C-text toolkit (kti.ctext) as the converter uses it: one function's
tokens with file offsets, its statement tree and its conditional groups.

A thin view: tokens keep the toolkit's positions, with `start` for the offset so that a
token and a node read the same way here (node.start is a token index, token.start an
offset).  No parsing happens in this module.
"""
import re
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional, Set, Tuple

from .. import ctext
from ..ctext import parse
from ..ctext.parse import DECL

Node = parse.Node


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    line: int
    col: int
    start: int   # offset in the file text
    end: int
    macro: Optional[str] = None


def tokenize(text: str) -> List[Token]:
    """All tokens of a text (comments and preprocessor lines skipped), with offsets."""
    return [Token(t.kind, t.text, t.line, t.col, t.offset, t.end) for t in ctext.lex(text)[0]]


class Function:
    """One function definition of a file: tokens from its name to its closing brace, the
    statement tree of its body, the conditional groups inside it."""

    def __init__(self, path: str, text: str, line: int, col: int):
        self.path = path
        self.text = text
        self.starts = ctext.line_starts(text)
        offset = ctext.offset_of(self.starts, line, col)
        # No macro expansion: expanded tokens would have no place in the text to move.
        self.parsed = parse.Function(text, offset, {}, line)
        if self.parsed.root is None:
            raise ValueError("no function body at %s:%d" % (path, line))
        self.root = self.parsed.root
        self.toks = [Token(t.kind, t.text, t.line, t.col, t.offset, t.end, t.macro)
                     for t in self.parsed.tokens]
        self.body_open = self.root.start
        self.conditionals = self.parsed.conditionals
        self.macros = ctext.read_macros(text)
        self.macro_uses = None   # macros naming its locals (state.MacroUses), from state

    @property
    def expansions(self) -> int:
        return sum(1 for t in self.toks if t.macro)

    def walk(self, node, inside: Optional[list] = None) -> Iterator[Tuple[object, list]]:
        return parse.walk(node, inside)

    @staticmethod
    def declarations(node) -> List[Tuple[str, int, Optional[Tuple[int, int]]]]:
        """(name, token index, initializer range or None) of a declaration node."""
        return list(node.decls) if node.kind == DECL else []

    def declared(self) -> Set[str]:
        """Names of the parameters and of every local declaration: no macro (a macro of
        that name would have rewritten the declaration)."""
        names: Set[str] = set()
        texts = [t.text for t in self.toks]
        depth = 0
        for i in range(1, self.body_open):
            depth += {"(": 1, ")": -1}.get(texts[i], 0)
            if depth <= 1 and texts[i] in (",", ")") and is_word(texts[i - 1]):
                names.add(texts[i - 1])
            if depth == 0:
                break               # the parameter list ends here
        for node, _ in self.walk(self.root):
            names |= {name for name, _, _ in self.declarations(node)}
        return names

    def pointees(self, ctx_var: str) -> Dict[str, str]:
        """{p: T, ctx_var->p: T} for every local declared alone as `struct T *p` (the
        context field keeps the type), unless the function declares a struct T itself."""
        texts = [t.text for t in self.toks]
        found: Dict[str, str] = {}
        for node, _ in self.walk(self.root):
            decls = self.declarations(node)
            if len(decls) == 1 and decls[0][1] == node.start + 3 and texts[
                    node.start] == "struct" and texts[node.start + 2] == "*":
                found[decls[0][0]] = texts[node.start + 1]
        defined = {texts[i + 1] for i in range(len(texts) - 2)
                   if texts[i] == "struct" and texts[i + 2] == "{"}
        found = {p: tag for p, tag in found.items() if tag not in defined}
        return dict(found, **{"%s->%s" % (ctx_var, p): tag for p, tag in found.items()})

    def calls(self, start: int, end: int) -> List[str]:
        """Names called in toks[start:end] (NAME followed by '(', not a member)."""
        toks = self.toks
        return [toks[i].text for i in range(start, min(end, len(toks)))
                if toks[i].kind == "id" and i + 1 < len(toks) and toks[i + 1].text == "("
                and not (i and toks[i - 1].text in (".", "->"))]

    def span(self, node) -> Tuple[int, int]:
        """File offsets of a node: first token start to last token end."""
        return self.toks[node.start].start, self.toks[node.end].end

    def texts(self, start: int, end: int) -> List[str]:
        """Token texts of toks[start:end]."""
        return [t.text for t in self.toks[start:end]]

    def crossing(self, start: int, end: int) -> list:
        """Conditional groups only partly inside the offsets [start, end)."""
        return ctext.preproc.crossing(self.conditionals, start, end)


def children(node) -> list:
    """Statements of a block node, or the node itself as a one-element list."""
    if node is None:
        return []
    return list(node.children) if node.kind == "block" else [node]


def is_word(text: str) -> bool:
    return re.match(r"^[A-Za-z_]\w*$", text) is not None
