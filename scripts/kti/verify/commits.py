# SPDX-License-Identifier: GPL-2.0
"""Make commits in the tree's repository without touching any working tree.

A private index (GIT_INDEX_FILE) starts from a commit's tree; each patch is applied to it
with `git apply --cached`, and `git write-tree` plus `git commit-tree` make the commit.
Only objects are added to the repository: no branch, no checkout, no worktree file moves.
Author and committer are the running user's identity (a From: line in a patch is not used:
patches are signed by whoever exports them) and every message ends with the user's
Signed-off-by.  Dates are those of the tree's HEAD commit, so the same
tree, series, patches and identity always give the same commit ids.
"""
import os
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, Optional

from ..gitident import Identity
from .errors import VerifyError


def _git(repo: Path, args, env: Dict[str, str], stdin: str = "",
         what: str = "") -> str:
    proc = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True,
                          text=True, env=env, check=False)
    if proc.returncode != 0:
        raise VerifyError(f"{what or 'git ' + args[0]} failed: "
                          + " ".join(proc.stderr.strip().splitlines()[-3:]))
    return proc.stdout


def signed_off(text: str, identity: Identity) -> str:
    """text with `Signed-off-by: identity` as its last trailer (added once)."""
    line = f"Signed-off-by: {identity.name} <{identity.email}>"
    body = text.rstrip("\n")
    if line in body.splitlines():
        return body + "\n"
    last = body.splitlines()[-1] if body else ""
    joiner = "\n" if last.startswith("Signed-off-by:") else "\n\n"
    return body + joiner + line + "\n"


def mail_message(repo: Path, mail: str) -> str:
    """Subject and changelog of a git-format-patch file (From: may be absent)."""
    with tempfile.TemporaryDirectory(prefix="kti-mailinfo-") as tmp:
        msg, patch = Path(tmp) / "msg", Path(tmp) / "patch"
        info = _git(repo, ["mailinfo", "-u", str(msg), str(patch)], dict(os.environ), mail,
                    "git mailinfo")
        fields = dict(line.split(": ", 1) for line in info.splitlines() if ": " in line)
        subject = fields.get("Subject", "").strip()
        if not subject:
            raise VerifyError("a patch of the series has no Subject: line")
        body = msg.read_text().strip()
        return subject + ("\n\n" + body if body else "") + "\n"


class CommitMaker:
    """Commits on top of a start commit, built in a private index."""

    def __init__(self, repo: Path, start: str, identity: Identity, date: str):
        self.repo = repo
        self.head = start
        self.identity = identity
        self.date = date
        self._index: Optional[Path] = None

    def _env(self) -> Dict[str, str]:
        env = dict(os.environ)
        env.update(self.identity.env())
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = self.date
        if self._index is not None:
            env["GIT_INDEX_FILE"] = str(self._index)
        return env

    @contextmanager
    def session(self) -> Iterator["CommitMaker"]:
        with tempfile.TemporaryDirectory(prefix="kti-index-") as tmp:
            self._index = Path(tmp) / "index"
            try:
                _git(self.repo, ["read-tree", self.head], self._env(), what="git read-tree")
                yield self
            finally:
                self._index = None

    def commit(self, patch: str, message: str, label: str) -> str:
        """Apply patch (a -p1 diff or a mail) to the index and commit it; the new head."""
        if self._index is None:
            raise RuntimeError("CommitMaker.commit() outside session()")
        proc = subprocess.run(["git", "-C", str(self.repo), "apply", "--cached",
                               "--whitespace=nowarn", "-"], input=patch, capture_output=True,
                              text=True, env=self._env(), check=False)
        if proc.returncode != 0:
            raise VerifyError(f"{label} does not apply: "
                              + " ".join(proc.stderr.strip().splitlines()[:3]))
        tree = _git(self.repo, ["write-tree"], self._env(), what="git write-tree").strip()
        self.head = _git(self.repo, ["commit-tree", tree, "-p", self.head, "-F", "-"],
                         self._env(), signed_off(message, self.identity),
                         f"committing {label}").strip()
        return self.head


def commit_date(repo: Path, commit: str) -> str:
    """The committer date of commit, as git reads it back (`@<seconds> <zone>`)."""
    out = _git(repo, ["show", "-s", "--format=%ct %cz", commit], dict(os.environ),
               what="git show").split()
    return f"@{out[0]} {out[1]}"
