# SPDX-License-Identifier: GPL-2.0
"""A private scratch repository beside the tree: BASE (tree HEAD + core series) and one
commit per patch, made with plumbing (a private index, no working tree).

The repository borrows the tree's objects (objects/info/alternates) and never writes to
the tree.  git runs without user or system configuration (so diff and format-patch
options of the person running it cannot change the output) and with fixed dates and the
runner's identity passed in the environment: the same inputs give the same commits.
"""
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from .errors import PatchesError
from .model import Identity


def clean_env(who: Optional[Identity] = None, when: Optional[int] = None) -> Dict[str, str]:
    """os.environ without GIT_* and with no git configuration, plus identity and date."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
                "LC_ALL": "C", "TZ": "UTC"})
    if who is not None:
        env.update({"GIT_AUTHOR_NAME": who.name, "GIT_AUTHOR_EMAIL": who.email,
                    "GIT_COMMITTER_NAME": who.name, "GIT_COMMITTER_EMAIL": who.email})
    if when is not None:
        env.update({"GIT_AUTHOR_DATE": f"@{when} +0000", "GIT_COMMITTER_DATE": f"@{when} +0000"})
    return env


def git(where: Path, *args: str, env: Optional[Dict[str, str]] = None,
        stdin: Optional[str] = None) -> str:
    proc = subprocess.run(["git", "-C", str(where), *args], input=stdin, capture_output=True,
                          text=True, env=env or clean_env(),
                          stdin=None if stdin is not None else subprocess.DEVNULL)
    if proc.returncode != 0:
        raise PatchesError(f"git {' '.join(args[:2])} failed in {where}: "
                           f"{(proc.stderr or proc.stdout).strip()[:500]}")
    return proc.stdout


@dataclass(frozen=True)
class TreeInfo:
    head: str
    head_time: int
    has_history: bool


def tree_info(tree: Path) -> TreeInfo:
    """HEAD, its commit time and whether there is more than one commit."""
    if not (tree / "MAINTAINERS").is_file():
        raise PatchesError(f"{tree} is not a kernel tree (no MAINTAINERS)")
    out = git(tree, "log", "-n2", "--format=%H %ct", "HEAD").split()
    if not out:
        raise PatchesError(f"{tree} has no commit")
    return TreeInfo(head=out[0], head_time=int(out[1]), has_history=len(out) > 2)


class Scratch:
    """The scratch repository at path (bare, objects borrowed from tree)."""

    def __init__(self, tree: Path, path: Path):
        self.path = path
        objects = Path(git(tree, "rev-parse", "--path-format=absolute",
                           "--git-common-dir").strip()) / "objects"
        git(path.parent, "init", "-q", "--bare", str(path))
        (path / "objects" / "info" / "alternates").write_text(f"{objects}\n")
        # A kernel index is ~10 MB: write only what changed (here and in the am worktree).
        git(path, "config", "core.splitIndex", "true")

    def chain(self, parent: str, who: Identity) -> "Chain":
        """Commits on top of parent, one after the other, sharing one private index."""
        return Chain(self, parent, who)

    def apply_mails(self, parent: str, mails: Sequence[Path], who: Identity,
                    when: int) -> List[str]:
        """Commits of git-am style patch files on top of parent (the core series)."""
        chain = self.chain(parent, who)
        shas: List[str] = []
        for number, mail in enumerate(mails):
            with tempfile.TemporaryDirectory(prefix="kti-mail-") as tmp:
                msg, patch = Path(tmp) / "msg", Path(tmp) / "patch"
                try:
                    text = mail.read_text()
                except OSError as err:
                    raise PatchesError(f"cannot read {mail}: {err.strerror}") from None
                info = git(self.path, "mailinfo", str(msg), str(patch), stdin=text)
                fields = dict(line.split(": ", 1) for line in info.splitlines() if ": " in line)
                if not fields.get("Subject"):
                    raise PatchesError(f"{mail}: no Subject: it is not a git am patch")
                body = msg.read_text().strip()
                message = fields["Subject"] + ("\n\n" + body if body else "") + "\n"
                shas.append(chain.commit(patch.read_text(), message, when + number))
        chain.close()
        return shas

    def show(self, commit: str, path: str) -> str:
        """The text of path at commit ("" when the file does not exist there)."""
        proc = subprocess.run(["git", "-C", str(self.path), "show", f"{commit}:{path}"],
                              capture_output=True, text=True, env=clean_env(),
                              errors="replace", stdin=subprocess.DEVNULL)
        return proc.stdout if proc.returncode == 0 else ""

    def format_patch(self, base: str, since: str, tip: str, out: Path, who: Identity,
                     when: int) -> List[Path]:
        """git format-patch with a cover letter and --base: files in order."""
        git(self.path, "format-patch", "--quiet", "--cover-letter", "--numbered", "--no-thread",
            f"--base={base}", "--subject-prefix=PATCH", "-o", str(out), f"{since}..{tip}",
            env=clean_env(who, when))
        return sorted(out.glob("*.patch"))


class Chain:
    """A line of commits made through one private index (read once from the parent)."""

    def __init__(self, scratch: Scratch, parent: str, who: Identity):
        self.scratch = scratch
        self.tip = parent
        self.who = who
        self.tmp = tempfile.TemporaryDirectory(prefix="kti-index-")
        self.index = str(Path(self.tmp.name) / "index")
        env = clean_env(who)
        env["GIT_INDEX_FILE"] = self.index
        git(scratch.path, "read-tree", parent, env=env)

    def commit(self, diff: str, message: str, when: int) -> str:
        """The tip + diff, committed with message at time when; returns the new tip."""
        env = clean_env(self.who, when)
        env["GIT_INDEX_FILE"] = self.index
        path = self.scratch.path
        git(path, "apply", "--cached", "--whitespace=nowarn", "-", env=env, stdin=diff)
        tree = git(path, "write-tree", env=env).strip()
        self.tip = git(path, "commit-tree", tree, "-p", self.tip, "-F", "-", env=env,
                       stdin=message).strip()
        return self.tip

    def close(self) -> None:
        self.tmp.cleanup()
