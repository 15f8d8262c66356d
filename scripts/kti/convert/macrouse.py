# SPDX-License-Identifier: GPL-2.0
"""Macros that name a local of the thread function without taking it as an argument.

`#define dprintk(fmt, ...) printk(fmt, dev->name)` used in a thread function reads its
local `dev`: the callback a use of dprintk() lands in needs `dev` too.  The macros come from
the file and the headers it includes with quotes (followed from header to header), every
definition of a name (#if branches may differ).  A macro's uses of a name count for the
macros it invokes as well.
"""
import posixpath
import re
from dataclasses import dataclass, field
from typing import Callable, Dict, FrozenSet, Iterable, List, Set

from .. import ctext

_INCLUDE = re.compile(r'^[ \t]*#[ \t]*include[ \t]+"([^"]+)"', re.M)
_WRITES = frozenset(("=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=",
                     "++", "--"))
MAX_HEADERS = 50


@dataclass
class MacroNames:
    """Per macro name: the identifiers its bodies name (members and parameters excepted),
    those it may write, the declarations they make, and the macros they invoke."""
    named: Dict[str, Set[str]] = field(default_factory=dict)
    always: Dict[str, Set[str]] = field(default_factory=dict)   # named by every definition
    written: Dict[str, Set[str]] = field(default_factory=dict)
    declared: Dict[str, Set[str]] = field(default_factory=dict)

    def add(self, macro: ctext.Macro) -> None:
        body = macro.body
        params = {p.rstrip(".").strip() for p in macro.params or ()} | {"__VA_ARGS__"}
        declared: Set[str] = set()
        start = 0
        for i, tok in enumerate(body + [None]):
            if tok is None or tok.text in (";", "{", "}"):
                declared.update(d[0] for d in ctext.parse.declarations(body, start, i))
                start = i + 1
        self.declared.setdefault(macro.name, set()).update(declared)
        first = macro.name not in self.named
        named = self.named.setdefault(macro.name, set())
        written = self.written.setdefault(macro.name, set())
        mine: Set[str] = set()
        for i, tok in enumerate(body):
            if tok.kind != "id" or tok.text in params or tok.text in declared:
                continue
            prev = body[i - 1].text if i else ""
            nxt = body[i + 1].text if i + 1 < len(body) else ""
            if prev in (".", "->", "##", "struct", "union", "enum") or nxt == "##":
                continue
            mine.add(tok.text)
            if nxt in _WRITES or prev in ("++", "--", "&"):
                written.add(tok.text)
        named |= mine
        self.always[macro.name] = mine if first else self.always[macro.name] & mine

    def closure(self, name: str, table: Dict[str, Set[str]]) -> Set[str]:
        """table[name] with the entries of the macros name's bodies invoke, transitively."""
        seen = {name}
        todo = [name]
        found: Set[str] = set()
        while todo:
            for word in self.named.get(todo.pop(), ()):
                if word in self.named and word not in seen:
                    seen.add(word)
                    todo.append(word)
        for macro in seen:
            found |= table.get(macro, set())
        return found


def read(path: str, text: str, read_file: Callable[[str], str]) -> MacroNames:
    """The macros of path (text) and of the headers it includes with quotes."""
    names = MacroNames()
    headers: List[str] = []
    queue = [(path, text)]
    seen = {path}
    while queue:
        current, body = queue.pop(0)
        for inc in _INCLUDE.findall(body):
            header = posixpath.normpath(posixpath.join(posixpath.dirname(current), inc))
            if header in seen or len(seen) > MAX_HEADERS:
                continue
            seen.add(header)
            header_text = read_file(header)
            if header_text:
                headers.append(header)
                queue.append((header, header_text))
    for header in headers:
        for macro in ctext.every_macro(read_file(header)):
            names.add(macro)
    for macro in ctext.every_macro(text):
        names.add(macro)
    return names


def users(tokens: Iterable, macros: MacroNames, locals_: Iterable[str]
          ) -> Dict[str, FrozenSet[str]]:
    """For each local, the macros invoked in tokens whose bodies name it."""
    wanted = set(locals_)
    invoked = {t.text for t in tokens if t.kind == "id" and t.text in macros.named}
    found: Dict[str, Set[str]] = {}
    for macro in invoked:
        for word in macros.closure(macro, macros.named) & wanted:
            found.setdefault(word, set()).add(macro)
    return {name: frozenset(ms) for name, ms in found.items()}


def writers(macros: MacroNames, names: Dict[str, FrozenSet[str]]) -> Dict[str, FrozenSet[str]]:
    """Among names' macros, those that may write the local (assign, ++/--, take its
    address)."""
    return {name: frozenset(m for m in ms if name in macros.closure(m, macros.written))
            for name, ms in names.items()}


def partly(macros: MacroNames, names: Dict[str, FrozenSet[str]]
           ) -> Dict[str, FrozenSet[str]]:
    """Among names' macros, those with a definition not naming the local itself (an #if
    branch leaving it out, or naming it through another macro only)."""
    return {name: frozenset(m for m in ms if name not in macros.always.get(m, set()))
            for name, ms in names.items()}
