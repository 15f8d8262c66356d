# SPDX-License-Identifier: GPL-2.0
"""Unified diffs (-p1, git style) of changed files."""
import difflib
from typing import Dict


def unified(path: str, old: str, new: str) -> str:
    if old == new:
        return ""
    if not old.endswith("\n") or not new.endswith("\n"):
        raise ValueError("%s does not end with a newline" % path)
    lines = difflib.unified_diff(_lines(old), _lines(new), "a/" + path, "b/" + path, n=3)
    return "diff --git a/%s b/%s\n%s" % (path, path, "".join(lines))


def _lines(text: str):
    """Lines split at "\n" only (kernel files hold form feeds, which splitlines() splits
    at), each with its newline."""
    return [line + "\n" for line in text.split("\n")[:-1]]


def series(old: Dict[str, str], new: Dict[str, str]) -> str:
    """One patch for every changed file, in path order."""
    return "".join(unified(path, old[path], new[path]) for path in sorted(new))
