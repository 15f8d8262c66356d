# SPDX-License-Identifier: GPL-2.0
"""Names of the new symbols, and the rule that keeps them from colliding.

For a thread function F: callbacks F_init, F_func, F_destroy, description F_kti, context
structure struct F_ctx, and the local pointer ctx; F in snake_case when the function's
name mixes cases (jfsIOWait: jfs_io_wait_func).  A global name that already exists as a
word anywhere in the tree (git grep) falls back to F_iterant_ROLE, then F_iterant2_ROLE,
F_iterant3_ROLE, ...: the first one the tree does not hold and no other new name of the
same run takes.  The local falls back from ctx to kti_ctx, kti_ctx2, ... when the function
or its file already uses that word.  Every choice is checked, so no fallback can collide.
"""
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Set

from .. import ctext
from .emit import Names

ROLES = ("init", "func", "destroy", "kti", "ctx")


def stem(function: str) -> str:
    """The stem of the new names: the function's name, in snake_case when it mixes cases
    (checkpatch's CAMELCASE; jfsIOWait gives jfs_io_wait)."""
    if not re.search(r"[A-Z][a-z]|[a-z][A-Z]", function):
        return function
    split = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", function)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", split).lower()


def candidates(base: str, role: str) -> Iterable[str]:
    yield "%s_%s" % (base, role)
    yield "%s_iterant_%s" % (base, role)
    n = 2
    while True:
        yield "%s_iterant%d_%s" % (base, n, role)
        n += 1


@dataclass
class TreeWords:
    """What one git grep for the thread function names tells: the files holding each word
    of the tree that starts with one of them.  A word counts as taken only where it is code
    (not in a comment or a string)."""
    tree: Path
    where: Dict[str, List[str]] = field(default_factory=dict)
    chosen: Set[str] = field(default_factory=set)
    _masked: Dict[str, str] = field(default_factory=dict)

    def files(self, word: str) -> List[str]:
        """.c and .h files using word in code."""
        return [p for p in self.where.get(word, []) if p.endswith((".c", ".h")) and
                self.in_code(p, word)]

    def in_code(self, path: str, word: str) -> bool:
        if path not in self._masked:
            try:
                text = (self.tree / path).read_text(encoding="latin-1")
            except OSError:
                text = ""
            self._masked[path] = ctext.mask(text)
        return re.search(r"\b%s\b" % re.escape(word), self._masked[path]) is not None

    def taken(self, word: str) -> bool:
        return word in self.chosen or any(self.in_code(p, word)
                                          for p in self.where.get(word, []))


def tree_words(tree: Path, bases: Iterable[str]) -> TreeWords:
    """One git grep for the bases as fixed strings (fast); words picked out here."""
    bases = sorted(set(bases) | {stem(b) for b in bases})
    found = TreeWords(tree)
    if not bases:
        return found
    args = ["git", "-C", str(tree), "grep", "-H", "-I", "-F", "--no-color"]
    for base in bases:
        args += ["-e", base]
    out = subprocess.run(args, capture_output=True, text=True, errors="replace")
    if out.returncode not in (0, 1):
        raise RuntimeError("git grep failed: %s" % out.stderr.strip()[:200])
    pattern = re.compile(r"\b(?:%s)\w*" % "|".join(re.escape(b) for b in bases))
    for line in out.stdout.splitlines():
        path, _, text = line.partition(":")
        for m in pattern.finditer(text):
            paths = found.where.setdefault(m.group(0), [])
            if path not in paths:
                paths.append(path)
    return found


def choose(function: str, words: TreeWords, local_taken: Set[str]) -> Names:
    """Names for a thread function (see the module doc)."""
    chosen: Dict[str, str] = {}
    for role in ROLES:
        for name in candidates(stem(function), role):
            if not words.taken(name):
                chosen[role] = name
                words.chosen.add(name)
                break
    ctx = "ctx"
    n = 1
    while ctx in local_taken:
        n += 1
        ctx = "kti_ctx" if n == 2 else "kti_ctx%d" % (n - 1)
    return Names(init=chosen["init"], func=chosen["func"], destroy=chosen["destroy"],
                 kti=chosen["kti"], ctx_struct=chosen["ctx"], ctx_var=ctx)


def file_words(text: str) -> Set[str]:
    return set(re.findall(r"[A-Za-z_]\w*", text))
