# SPDX-License-Identifier: GPL-2.0
"""Names of the new symbols, and the rule that keeps them from colliding.

For a thread function F: callbacks F_init, F_func, F_destroy, description F_kti, context
structure struct F_ctx, and the local pointer ctx.  A global name that already exists as a
word anywhere in the tree (git grep) falls back to F_iterant_ROLE, then F_iterant2_ROLE,
F_iterant3_ROLE, ...: the first one the tree does not hold and no other new name of the
same run takes.  The local falls back from ctx to kti_ctx, kti_ctx2, ... when the function
or its file already uses that word.  Every choice is checked, so no fallback can collide.
"""
import re
import subprocess
from pathlib import Path
from typing import Dict, Iterable, Set

from .emit import Names

ROLES = ("init", "func", "destroy", "kti", "ctx")


def candidates(base: str, role: str) -> Iterable[str]:
    yield "%s_%s" % (base, role)
    yield "%s_iterant_%s" % (base, role)
    n = 2
    while True:
        yield "%s_iterant%d_%s" % (base, n, role)
        n += 1


def tree_words(tree: Path, bases: Iterable[str]) -> Set[str]:
    """Every word of the tree that starts with one of bases followed by '_' or equals
    it: one git grep for the bases as fixed strings, words picked out here."""
    bases = sorted(set(bases))
    if not bases:
        return set()
    args = ["git", "-C", str(tree), "grep", "-h", "-I", "-F", "--no-color"]
    for base in bases:
        args += ["-e", base]
    out = subprocess.run(args, capture_output=True, text=True, errors="replace")
    if out.returncode not in (0, 1):
        raise RuntimeError("git grep failed: %s" % out.stderr.strip()[:200])
    found: Set[str] = set()
    pattern = re.compile(r"\b(?:%s)\w*" % "|".join(re.escape(b) for b in bases))
    for m in pattern.finditer(out.stdout):
        found.add(m.group(0))
    return found


def choose(base: str, taken: Set[str], local_taken: Set[str]) -> Names:
    """Names for thread function base; taken grows with the names chosen."""
    chosen: Dict[str, str] = {}
    for role in ROLES:
        for name in candidates(base, role):
            if name not in taken:
                chosen[role] = name
                taken.add(name)
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
