# SPDX-License-Identifier: GPL-2.0
"""Whether the arguments of a call are certainly not stringified by the preprocessor (`#x`).

Joining adjacent literals or dropping parentheses is exact in C, but not in a macro argument
the macro turns into a string (`spin_lock_init(&(p->lock))` names the lock class after its
argument's spelling).  A callee passes when it is one of the kernel macros of NOT_STRINGIFIED
(their expansions were read: no `#`), a function declared in the file or in a header it
includes with quotes, or a function-like macro defined there whose body has no `#` and whose
callees pass in turn.  Anything else fails: the caller then leaves the text alone.

The same sources tell canon.py's safe names: a macro whose every definition there (or in
the tree's errno headers) is one number, one such name or one parenthesized whole."""
import re
from pathlib import Path
from typing import Callable, Dict, List, Optional, Set

#: include/linux/printk.h, dev_printk.h, spinlock.h, spinlock_rt.h, mutex.h (6.12).
NOT_STRINGIFIED = frozenset(
    ["printk"]
    + ["dev_" + level for level in ("emerg", "crit", "alert", "err", "warn", "notice",
                                    "info")]
    + ["%s_%s%s" % (kind, op, suffix) for kind in ("spin", "raw_spin")
       for op in ("lock", "unlock") for suffix in ("", "_irq", "_bh")]
    + ["spin_lock_irqsave", "spin_unlock_irqrestore", "raw_spin_lock_irqsave",
       "raw_spin_unlock_irqrestore", "mutex_lock", "mutex_unlock"])
ERRNO = ("include/uapi/asm-generic/errno-base.h", "include/uapi/asm-generic/errno.h")
KEYWORDS = frozenset(["if", "while", "for", "switch", "return", "sizeof", "do", "typeof",
                      "__typeof__", "defined"])
_INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
_STRINGIFY = re.compile(r"(?<!#)#(?!#)\s*[A-Za-z_]")
_CALLED = re.compile(r"\b([A-Za-z_]\w*)\s*\(")


class Sources:
    """The file and the headers it includes with quotes (one level), read once."""

    def __init__(self, tree: Path, path: str, text: str):
        self.texts: List[str] = [text]
        folder = (Path(tree) / path).parent
        for name in _INCLUDE.findall(text):
            try:
                self.texts.append((folder / name).read_text(encoding="latin-1"))
            except OSError:
                continue
        self.verdicts: Dict[str, bool] = {}
        self.errno: List[str] = []
        self._expanding: Set[str] = set()
        for header in ERRNO:
            try:
                self.errno.append((Path(tree) / header).read_text(encoding="latin-1"))
            except OSError:
                continue

    def macro_bodies(self, name: str) -> List[str]:
        bodies = []
        head = re.compile(r"^[ \t]*#[ \t]*define[ \t]+%s\(" % re.escape(name), re.M)
        for text in self.texts:
            for match in head.finditer(text):
                end = match.end()
                while True:
                    nl = text.find("\n", end)
                    if nl < 0 or not text[:nl].rstrip().endswith("\\"):
                        break
                    end = nl + 1
                bodies.append(text[match.end():nl if nl >= 0 else len(text)])
        return bodies

    def primary(self, name: str) -> bool:
        """Whether name is an object-like macro of the sources (or an errno name of the
        tree's errno headers) every definition of which is one primary expression: a
        number, another such name, or one parenthesized whole."""
        head = re.compile(r"^[ \t]*#[ \t]*define[ \t]+%s[ \t]+(.*)$" % re.escape(name), re.M)
        if name in self._expanding:
            return False
        self._expanding.add(name)
        bodies = [m.group(1).strip() for t in self.texts + self.errno for m in head.finditer(t)]
        found = bool(bodies) and all(_primary_body(body, self) for body in bodies)
        self._expanding.discard(name)
        return found

    def safe(self, declared: Set[str]) -> Callable[[str], bool]:
        """canon's safe test: a declared name, or a primary macro."""
        return lambda name: name in declared or self.primary(name)

    def declares_function(self, name: str) -> bool:
        pattern = re.compile(r"^[A-Za-z_][\w \t\*]*\b%s\s*\(" % re.escape(name), re.M)
        return any(pattern.search(t) for t in self.texts)

    def not_stringified(self, name: str, seen: Optional[Set[str]] = None) -> bool:
        if name in NOT_STRINGIFIED or name in KEYWORDS:
            return True
        if name in self.verdicts:
            return self.verdicts[name]
        seen = set() if seen is None else seen
        if name in seen:
            return True           # recursion: the other path decides
        seen.add(name)
        bodies = self.macro_bodies(name)
        if bodies:
            ok = all(not _STRINGIFY.search(body) and
                     all(self.not_stringified(callee, seen) for callee in
                         _CALLED.findall(body.split(")", 1)[1] if ")" in body else body))
                     for body in bodies)
        else:
            ok = self.declares_function(name)
        self.verdicts[name] = ok
        return ok


def _primary_body(body: str, sources: "Sources") -> bool:
    body = re.sub(r"/\*.*?\*/|//.*$", "", body).strip()
    if re.match(r"^(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*$", body):
        return True
    if re.match(r"^[A-Za-z_]\w*$", body):
        return sources.primary(body)
    if not (body.startswith("(") and body.endswith(")")) or body.endswith("\\"):
        return False
    depth = 0
    for i, char in enumerate(body):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and i < len(body) - 1:
            return False        # (a) + (b): not one parenthesized whole
    return True


def enclosing_calls(tokens: List[str], at: int) -> List[str]:
    """The names called by the parentheses around tokens[at], innermost first, up to the
    whole text before it (grouping parentheses and brackets are skipped)."""
    names: List[str] = []
    depth = 0
    for i in range(at - 1, -1, -1):
        if tokens[i] in (")", "]"):
            depth += 1
        elif tokens[i] in ("(", "["):
            if depth:
                depth -= 1
            elif tokens[i] == "(" and i and re.match(r"^[A-Za-z_]\w*$", tokens[i - 1]):
                names.append(tokens[i - 1])
    return names
