# SPDX-License-Identifier: GPL-2.0
"""The project's C-text toolkit, as the converter uses it: one function's tokens with file
offsets and its statement tree.

TEMPORARY: until the detector branch moves the tokenizer and statement parser out of
cocci/kthread_threads.cocci into an importable module, this loads that Python once from the
.cocci file (the same code the detector runs, not a second parser).  Only this module knows
where the toolkit lives.
"""
import re
import types
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator, List, Optional, Tuple

from .. import ctext

_COCCI = Path(__file__).resolve().parents[3] / "cocci" / "kthread_threads.cocci"


@lru_cache(maxsize=1)
def _toolkit() -> types.ModuleType:
    src = _COCCI.read_text(encoding="latin-1")
    start = src.index("@initialize:python@\n@@\n") + len("@initialize:python@\n@@\n")
    end = src.index("// -----", start)
    module = types.ModuleType("kti_ctoolkit")
    exec(compile(src[start:end], str(_COCCI), "exec"), module.__dict__)
    return module


Node = object  # the toolkit's statement node: kind, start, end, cond, body, orelse, children


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    line: int
    col: int
    start: int   # offset in the file text
    end: int


def tokenize(text: str) -> List[Token]:
    """All tokens of a text (comments and preprocessor lines skipped), with offsets."""
    tk = _toolkit()
    starts = ctext.line_starts(text)
    out = []
    for tok in tk.kti_tokens_from(text, 1, 0):
        start = starts[tok.line - 1] + tok.col
        out.append(Token(tok.kind, tok.text, tok.line, tok.col, start, start + len(tok.text)))
    return out


class Function:
    """One function definition of a file: tokens from its name to its closing brace, the
    statement tree of its body, and offsets into the file text."""

    def __init__(self, path: str, text: str, line: int, col: int):
        tk = _toolkit()
        tk.kti.clear()
        tk.kti.update(tk.kti_new_state())
        tk.kti["texts"][path] = text
        self.path = path
        self.text = text
        self.starts = ctext.line_starts(text)
        toks, body = tk.kti_function_tokens(path, line, col)
        if body is None:
            raise ValueError("no function body at %s:%d" % (path, line))
        # No macro expansion: expanded tokens would have no place in the text to move.
        parser = tk.KtiParser(toks, {})
        self.root, _ = parser.parse_block(body)
        self.expansions = parser.expansions
        self.raw = parser.toks
        tk.kti_goto_loops(self.root)
        self.toks = [self._token(t) for t in self.raw]
        self.body_open = body
        self.macros = tk.kti_macros(path)

    def _token(self, tok) -> Token:
        start = self.starts[tok.line - 1] + tok.col
        return Token(tok.kind, tok.text, tok.line, tok.col, start, start + len(tok.text))

    # Statement tree helpers -------------------------------------------------------------

    def walk(self, node, inside: Optional[list] = None) -> Iterator[Tuple[object, list]]:
        return _toolkit().kti_walk(node, inside)

    def declarations(self, node) -> List[Tuple[str, int, Optional[Tuple[int, int]]]]:
        """(name, token index, initializer token range or None) of a declaration node."""
        holder = types.SimpleNamespace(toks=self.raw)
        return _toolkit().kti_declarations(holder, node)

    def calls(self, start: int, end: int) -> List[str]:
        return _toolkit().kti_calls(self.raw, start, end, self.macros)

    def span(self, node) -> Tuple[int, int]:
        """File offsets of a node: first token start to last token end."""
        return self.toks[node.start].start, self.toks[node.end].end

    def texts(self, start: int, end: int) -> List[str]:
        """Token texts of toks[start:end]."""
        return [t.text for t in self.toks[start:end]]


def children(node) -> list:
    """Statements of a block node, or the node itself as a one-element list."""
    if node is None:
        return []
    return list(node.children) if node.kind == "block" else [node]


def is_word(text: str) -> bool:
    return re.match(r"^[A-Za-z_]\w*$", text) is not None
