# SPDX-License-Identifier: GPL-2.0
"""Unified diffs (-p1, git style) of changed files, made by git itself (`git diff
--no-index`, no user configuration): the hunks are those git format-patch mails later, so
the lines the checks read are the lines a maintainer receives."""
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Dict

#: git without the user's or the system's configuration (diff.algorithm and the like).
GIT_ENV = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}


def unified(path: str, old: str, new: str) -> str:
    if old == new:
        return ""
    if not old.endswith("\n") or not new.endswith("\n"):
        raise ValueError("%s does not end with a newline" % path)
    with tempfile.TemporaryDirectory(prefix="kti-diff-") as tmp:
        for side, text in (("old", old), ("new", new)):
            (Path(tmp) / side).write_bytes(text.encode("latin-1"))
        res = subprocess.run(["git", "diff", "--no-index", "--no-color", "--no-ext-diff",
                              "--diff-algorithm=myers", "-U3", "old", "new"],
                             cwd=tmp, capture_output=True, env=GIT_ENV)
    if res.returncode != 1:
        raise RuntimeError("git diff --no-index failed for %s: %s"
                           % (path, res.stderr.decode(errors="replace").strip()[:200]))
    out = res.stdout.decode("latin-1")
    hunks = out[out.index("\n@@") + 1:]
    return "diff --git a/%s b/%s\n--- a/%s\n+++ b/%s\n%s" % (path, path, path, path, hunks)


def series(old: Dict[str, str], new: Dict[str, str]) -> str:
    """One patch for every changed file, in path order."""
    return "".join(unified(path, old[path], new[path]) for path in sorted(new))
