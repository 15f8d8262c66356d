# SPDX-License-Identifier: GPL-2.0
"""Validate the kernel tree before scanning it.

The scan relies on `git grep` (fast prefilter, wrapper callers) and on tree-relative paths in
every report, so a tree must be an existing, readable directory that is the top of a git work
tree.  Each failure names the problem, so the CLI can print one clear line.
"""
import os
import subprocess
from pathlib import Path

from .errors import InputError


def validate_tree(path: str) -> Path:
    """Return the absolute tree path, or raise InputError saying what is wrong with it."""
    tree = Path(path).resolve()
    if not tree.exists():
        raise InputError(f"kernel tree {path!r} does not exist")
    if not tree.is_dir():
        raise InputError(f"kernel tree {path!r} is not a directory")
    if not os.access(tree, os.R_OK | os.X_OK):
        raise InputError(f"kernel tree {path!r} is not readable")
    try:
        top = subprocess.run(["git", "-C", str(tree), "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise InputError("git is not installed (needed for git grep)") from exc
    if top.returncode != 0 or not top.stdout.strip():
        reason = git_reason(top.stderr)
        if "not a git repository" in reason:
            raise InputError(f"kernel tree {path!r} is not a git work tree (git: {reason}); "
                             "kti-scan reads the tree through git, so scan a git checkout "
                             "(`make tree` prepares the default one)")
        raise InputError(f"git cannot use the kernel tree {path!r}: {reason}")
    if Path(top.stdout.strip()).resolve() != tree:
        raise InputError(f"kernel tree {path!r} is inside the git work tree "
                         f"{top.stdout.strip()!r}, not its top")
    return tree


def git_reason(stderr: str) -> str:
    """git's own error message on one line ("fatal: " dropped, advice kept)."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return " ".join(line.removeprefix("fatal: ") for line in lines) or "no message"


def head_commit(tree: Path) -> str:
    """The tree's HEAD commit id, or "" when it has no commit yet (recorded in reports)."""
    res = subprocess.run(["git", "-C", str(tree), "rev-parse", "--verify", "-q", "HEAD"],
                         capture_output=True, text=True, check=False)
    return res.stdout.strip()
