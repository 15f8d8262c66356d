# SPDX-License-Identifier: GPL-2.0
"""The files one patch changes, before and after, in a private temporary folder.

The gates that read files (parse check, detector) look at these copies: BASE is read, never
written.  The patch is applied with `git apply` in a folder outside any repository
(GIT_CEILING_DIRECTORIES keeps git from finding one above it), so the paths of the diff are
taken exactly as written.
"""
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List

from . import patchset


class PatchDoesNotApply(Exception):
    """git apply refused the patch; the message is git's."""


@dataclass(frozen=True)
class UnitFiles:
    before: Path
    after: Path
    changes: List[patchset.FileChange]

    def c_files(self) -> List[str]:
        """Changed files that exist after the patch and are C sources or headers."""
        return [c.path for c in self.changes
                if c.new_path != "/dev/null" and c.path.endswith((".c", ".h"))]


def git_apply(directory: Path, patch: str, check: bool = False) -> None:
    """Apply (or with check only test) a -p1 diff in directory; raise PatchDoesNotApply."""
    env = dict(os.environ)
    env["GIT_CEILING_DIRECTORIES"] = str(directory.parent)
    args = ["git", "apply", "--whitespace=nowarn"] + (["--check"] if check else []) + ["-"]
    proc = subprocess.run(args, cwd=str(directory), input=patch, capture_output=True,
                          text=True, env=env, check=False)
    if proc.returncode != 0:
        raise PatchDoesNotApply(" ".join(proc.stderr.strip().splitlines()[:3])
                                or f"git apply exit {proc.returncode}")


def check_applies(base: Path, patch: str) -> None:
    """git apply --check in BASE itself (a repository: paths are taken from its top)."""
    proc = subprocess.run(["git", "-C", str(base), "apply", "--check", "--whitespace=nowarn",
                           "-"], input=patch, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise PatchDoesNotApply(" ".join(proc.stderr.strip().splitlines()[:3])
                                or f"git apply exit {proc.returncode}")


@contextmanager
def materialize(base: Path, patch: str) -> Iterator[UnitFiles]:
    """Copies of the changed files before and after the patch (removed on exit)."""
    changes = patchset.parse(patch)
    root = Path(tempfile.mkdtemp(prefix="kti-unit-"))
    try:
        before, after = root / "before", root / "after"
        for change in changes:
            if change.old_path == "/dev/null":
                continue
            for side in (before, after):
                target = side / change.old_path
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(base / change.old_path, target)
        after.mkdir(exist_ok=True)
        git_apply(after, patch)
        yield UnitFiles(before, after, changes)
    finally:
        shutil.rmtree(root, ignore_errors=True)
