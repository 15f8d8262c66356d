# SPDX-License-Identifier: GPL-2.0
"""Thin wrapper around `git grep`, the one tool the driver uses to search the whole tree.

git grep reads the index and uses all cores, so it searches the 34k .c files of a kernel
tree in well under a second with fixed strings (-F); extended regexes with \\b are ~10x
slower, so callers grep with fixed strings and refine the hits in Python.
"""
import subprocess
from pathlib import Path
from typing import Iterable, List, Tuple

C_FILES = ("*.c",)


def _run(tree: Path, args: List[str]) -> str:
    # More threads than cores: on a busy machine the grep waits on the scheduler and the
    # page cache, not on its own CPU time.
    res = subprocess.run(["git", "-C", str(tree), "-c", "grep.threads=8", "grep", "--no-color",
                          *args],
                         capture_output=True, text=True, errors="replace", check=False)
    # Exit status 1 means "no match", anything above is a real error.
    if res.returncode > 1:
        raise RuntimeError(f"git grep failed: {res.stderr.strip()}")
    return res.stdout


def files_with_any(tree: Path, words: Iterable[str],
                   pathspec: Iterable[str] = C_FILES) -> List[str]:
    """Tracked files (tree-relative) containing any of the fixed strings."""
    args = ["-l", "-F"]
    for word in words:
        args += ["-e", word]
    if len(args) == 2:
        return []
    out = _run(tree, args + ["--", *pathspec])
    return sorted(line for line in out.splitlines() if line)


def lines_with_any(tree: Path, words: Iterable[str],
                   pathspec: Iterable[str] = C_FILES) -> List[Tuple[str, int, str]]:
    """(file, 1-based line, text) for every line containing one of the fixed strings."""
    args = ["-n", "-F", "--null"]
    for word in words:
        args += ["-e", word]
    if len(args) == 3:
        return []
    hits = []
    for row in _run(tree, args + ["--", *pathspec]).splitlines():
        parts = row.split("\0", 2)
        if len(parts) == 3:
            hits.append((parts[0], int(parts[1]), parts[2]))
    return hits
