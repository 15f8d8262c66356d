# SPDX-License-Identifier: GPL-2.0
"""Thin wrapper around `git grep`, the one tool the driver uses to search the whole tree.

git grep reads the index and uses all cores, so it searches the 34k .c files of a kernel
tree in well under a second with fixed strings (-F); extended regexes with \\b are ~10x
slower, so callers grep with fixed strings and refine the hits in Python.

Files git does not track yet (a driver in progress) are searched too, unless git ignores
them: `git grep --untracked` cannot do it (under Debian's top-level "/*" .gitignore it
skips tracked files as well), so they are listed with `git ls-files --others
--exclude-standard` and searched by name with `git grep --no-index`.
"""
import subprocess
from pathlib import Path
from typing import Iterable, List, Sequence, Tuple

C_FILES = ("*.c",)


#: Untracked files per git grep --no-index run (keeps the command line short).
_CHUNK = 500


def untracked_files(tree: Path, pathspec: Iterable[str] = C_FILES) -> List[str]:
    """Files in the work tree that git neither tracks nor ignores (tree-relative)."""
    res = subprocess.run(["git", "-C", str(tree), "ls-files", "-z", "--others",
                          "--exclude-standard", "--", *pathspec],
                         capture_output=True, check=False)
    if res.returncode != 0:
        raise RuntimeError(f"git ls-files failed: {res.stderr.decode(errors='replace')}")
    return sorted(name for name in res.stdout.decode(errors="replace").split("\0") if name)


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


def _grep_lines(tree: Path, words: Iterable[str], where: List[str]) -> List[Tuple[str, int, str]]:
    args = ["-n", "-F", "--null"]
    for word in words:
        args += ["-e", word]
    if len(args) == 3:
        return []
    hits = []
    for row in _run(tree, args + where).splitlines():
        parts = row.split("\0", 2)
        if len(parts) == 3:
            hits.append((parts[0], int(parts[1]), parts[2]))
    return hits


def lines_with_any(tree: Path, words: Iterable[str],
                   pathspec: Iterable[str] = C_FILES) -> List[Tuple[str, int, str]]:
    """(file, 1-based line, text) for every line containing one of the fixed strings."""
    return _grep_lines(tree, words, ["--", *pathspec])


def lines_in_files(tree: Path, words: Iterable[str],
                   files: Sequence[str]) -> List[Tuple[str, int, str]]:
    """lines_with_any() for the named files, tracked or not (untracked_files())."""
    words = list(words)
    hits = []
    for start in range(0, len(files), _CHUNK):
        names = [f":(literal){name}" for name in files[start:start + _CHUNK]]
        hits += _grep_lines(tree, words, ["--no-index", "--", *names])
    return hits
