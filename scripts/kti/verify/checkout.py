# SPDX-License-Identifier: GPL-2.0
"""Detached worktrees of the tree's repository at a given commit: BASE and the scratch tree.

BASE is only read.  Compiles run in the scratch tree: every use of it starts by resetting it
to the BASE commit (a forced checkout plus `git clean`, cheap when little changed, and it
keeps the modification times of untouched files so the O= builds stay incremental) and ends
the same way, in a `finally`.  A run killed in between leaves at most the scratch tree
patched, and the next use resets it first: nothing else is ever written.
"""
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

from .errors import VerifyError


def _git(repo: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True,
                          text=True, check=False)


def _checked(repo: Path, what: str, *args: str) -> None:
    proc = _git(repo, *args)
    if proc.returncode != 0:
        raise VerifyError(f"{what} failed in {repo}: {proc.stderr.strip()[-300:]}")


class Checkout:
    """A worktree of ksrc's repository at commit, at path."""

    def __init__(self, ksrc: Path, path: Path, commit: str):
        self.ksrc = ksrc
        self.path = path
        self.commit = commit

    def _is_ours(self) -> bool:
        if not (self.path / ".git").exists():
            return False
        mine = _git(self.path, "rev-parse", "--path-format=absolute", "--git-common-dir")
        theirs = _git(self.ksrc, "rev-parse", "--path-format=absolute", "--git-common-dir")
        return (mine.returncode == 0 and theirs.returncode == 0
                and Path(mine.stdout.strip()) == Path(theirs.stdout.strip()))

    def reset(self) -> None:
        """Make the worktree an exact checkout of commit (creating it when needed)."""
        if not self._is_ours():
            if self.path.exists():
                raise VerifyError(f"{self.path} exists and is not a worktree of {self.ksrc}; "
                                  "remove it or run `make clean`")
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _git(self.ksrc, "worktree", "prune")
            _checked(self.ksrc, "creating the worktree", "worktree", "add", "-q",
                     "--detach", str(self.path), self.commit)
            return
        head = _git(self.path, "rev-parse", "HEAD").stdout.strip()
        dirty = _git(self.path, "status", "--porcelain", "--ignored",
                     "--untracked-files=all").stdout.strip()
        if head == self.commit and not dirty:
            return
        _checked(self.path, "resetting the worktree", "checkout", "-q", "-f",
                 "--detach", self.commit)
        _checked(self.path, "cleaning the worktree", "clean", "-q", "-f", "-f", "-d",
                 "-x")

    def is_at(self, commit: str) -> bool:
        """True when the worktree exists, is ours and its HEAD is commit."""
        return self._is_ours() and _git(self.path, "rev-parse", "HEAD").stdout.strip() == commit

    def detach(self) -> None:
        """Detach HEAD (so the branch it holds can move); creates the worktree if needed."""
        if self._is_ours():
            _checked(self.path, "detaching the worktree", "checkout", "-q", "--detach")
        else:
            self.reset()

    def switch(self, branch: str) -> None:
        """Check out branch, discarding anything else in the worktree."""
        _checked(self.path, f"checking out {branch}", "checkout", "-q", "-f", branch)
        _checked(self.path, "cleaning the worktree", "clean", "-q", "-f", "-f", "-d", "-x")

    def apply(self, patch: str, label: str) -> None:
        """Apply one -p1 unified diff; raise naming label if it does not apply."""
        proc = _git(self.path, "apply", "--whitespace=nowarn", "-", stdin=patch)
        if proc.returncode != 0:
            raise VerifyError(f"{label} does not apply to the scratch worktree: "
                              f"{proc.stderr.strip()[:300]}")

    @contextmanager
    def patched(self, patches: Sequence[tuple]) -> Iterator[Path]:
        """The worktree with every (label, patch) applied; reset again afterwards, always."""
        self.reset()
        try:
            for label, patch in patches:
                self.apply(patch, label)
            yield self.path
        finally:
            self.reset()
