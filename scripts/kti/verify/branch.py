# SPDX-License-Identifier: GPL-2.0
"""The kti/convert branch: the series, then one commit per verified conversion.

The commits are made without a working tree (commits.py), then the branch ref is moved
and checked out in its own worktree (build/convert/<tree>/converted).  The branch lives in
the tree's repository, so `git -C KSRC log kti/convert` shows it; the user's working tree and
current branch are never touched.  A branch of that name that this tool did not write last
(its tip is not the one recorded) is never overwritten unless asked to.  An unchanged run
(same BASE, patches and messages) leaves the branch and its worktree as they are.
"""
import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence

from .base import Base
from .checkout import Checkout
from .commits import CommitMaker, commit_date
from .errors import VerifyError
from .paths import VerifyPaths

BRANCH = "kti/convert"


@dataclass(frozen=True)
class Change:
    label: str
    patch: str
    message: str


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=False)


def _tip(ksrc: Path, branch: str) -> Optional[str]:
    proc = _git(ksrc, "rev-parse", "--verify", "-q", f"refs/heads/{branch}")
    return proc.stdout.strip() if proc.returncode == 0 else None


def _key(base: Base, changes: Sequence[Change]) -> str:
    digest = hashlib.sha256(base.commit.encode())
    for change in changes:
        digest.update(b"\0" + change.patch.encode("utf-8", "surrogateescape"))
        digest.update(b"\0" + change.message.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def write_branch(base: Base, changes: Sequence[Change], paths: VerifyPaths,
                 branch: str = BRANCH, force: bool = False) -> str:
    """Make branch = BASE + changes, checked out in paths.branch_tree; return its tip."""
    ksrc = base.ksrc
    if _git(ksrc, "check-ref-format", "--branch", branch).returncode != 0:
        raise VerifyError(f"{branch!r} is not a valid branch name")
    stamp = paths.root / "branch.stamp"
    recorded = stamp.read_text().split() if stamp.is_file() else []
    key = _key(base, changes)
    current = _tip(ksrc, branch)
    ours = len(recorded) == 3 and recorded[0] == branch and current == recorded[2]
    if current is not None and not ours and not force:
        raise VerifyError(f"branch {branch} already exists in {ksrc} (tip {current[:12]}) and "
                          "is not the one this tool wrote last; pass --force-branch to "
                          "replace it, or --branch NAME")
    worktree = Checkout(ksrc, paths.branch_tree, base.commit)
    if ours and recorded[1] == key and worktree.is_at(current):
        return current
    maker = CommitMaker(ksrc, base.commit, base.identity, commit_date(ksrc, base.tree_head))
    with maker.session():
        for change in changes:
            maker.commit(change.patch, change.message, change.label)
    worktree.detach()
    proc = _git(ksrc, "update-ref", f"refs/heads/{branch}", maker.head, current or "0" * 40)
    if proc.returncode != 0:
        raise VerifyError(f"could not move branch {branch}: {proc.stderr.strip()}")
    worktree.switch(branch)
    paths.root.mkdir(parents=True, exist_ok=True)
    stamp.write_text(f"{branch} {key} {maker.head}\n")
    return maker.head


def subjects_of(ksrc: Path, tip: str, count: int) -> List[str]:
    proc = _git(ksrc, "log", "--format=%s", f"-{count}", tip)
    return list(reversed(proc.stdout.splitlines()))
