# SPDX-License-Identifier: GPL-2.0
"""A fresh copy of the tree's baseline with the series applied, for building; KSRC stays untouched.

The copy is a detached `git worktree` of KSRC's HEAD (the baseline commit).  Every run starts it
over from the baseline: `git reset --hard` plus `git clean -fdx` turn an existing worktree
into an exact fresh copy while keeping the modification times of files that did not change, so
the out-of-tree build can be incremental.  Only when the inputs (baseline commit and patch
contents) are the same as the previous, successfully applied run and the worktree still holds
exactly what that run applied is the previous result reused as is; otherwise it is reset and
the series applied with `git apply --index` one patch at a time, so a failure names the patch.
Nothing is committed: the patches carry no author (they are signed by whoever exports them,
see scripts/kti/export.py), and the rig needs no git identity of its own.  Files the old and
the new series leave with the same content get their old modification time back, so changing
one patch rebuilds only what that patch touches.
"""
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Tuple

from .errors import RigError
from .gitrun import git


@dataclass
class Worktree:
    """The prepared source tree: where it is, what it was built from, whether it was reused.

    tree is the git tree id of the index (baseline plus series), which names the content.
    """

    path: Path
    baseline: str
    tree: str
    reused: bool


def baseline_commit(ksrc: Path) -> str:
    """The commit the rig builds on: KSRC's HEAD (uncommitted edits in KSRC are not used)."""
    if not (ksrc / "Makefile").is_file():
        raise RigError(f"{ksrc} is not a kernel tree (no Makefile)")
    proc = git(ksrc, ["rev-parse", "--verify", "HEAD^{commit}"], check=False)
    if proc.returncode != 0:
        raise RigError(f"{ksrc} is not a git work tree with a baseline commit (run `make tree`)")
    return proc.stdout.strip()


def _is_worktree_of(path: Path, ksrc: Path) -> bool:
    """True when path is a live git worktree sharing KSRC's repository."""
    if not (path / ".git").exists():
        return False
    mine = git(path, ["rev-parse", "--git-common-dir"], check=False)
    theirs = git(ksrc, ["rev-parse", "--git-common-dir"], check=False)
    if mine.returncode != 0 or theirs.returncode != 0:
        return False
    return ((path / mine.stdout.strip()).resolve() == (ksrc / theirs.stdout.strip()).resolve())


def _index_tree(path: Path) -> str:
    return git(path, ["write-tree"], what="reading the worktree's index").stdout.strip()


def _is_clean(path: Path) -> bool:
    """The working tree matches the index and holds no other file."""
    if git(path, ["diff", "--quiet"], check=False).returncode != 0:
        return False
    # Without --exclude-standard: Debian's top-level .gitignore hides every untracked file.
    return git(path, ["ls-files", "--others"]).stdout.strip() == ""


def _stamp_path(path: Path) -> Path:
    # Beside the worktree, not in it: `git clean -fdx` would delete it.
    return path.with_name(path.name + ".applied")


def _reset_to(path: Path, ksrc: Path, baseline: str) -> None:
    """Make path an exact, clean checkout of baseline (creating the worktree when needed)."""
    if _is_worktree_of(path, ksrc):
        git(path, ["reset", "-q", "--hard", baseline], what="resetting the worktree")
        git(path, ["clean", "-q", "-f", "-f", "-d", "-x"], what="cleaning the worktree")
        return
    if path.exists() or path.is_symlink():
        shutil.rmtree(path)
    git(ksrc, ["worktree", "prune"], check=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    git(ksrc, ["worktree", "add", "-q", "--detach", str(path), baseline],
        what=f"creating the worktree {path}")


def _series_blobs(path: Path, baseline: str) -> Dict[str, str]:
    """File -> blob id for every file the applied series changed relative to baseline."""
    raw = git(path, ["diff", "--cached", "--raw", "--no-renames", "--no-abbrev", baseline],
              check=False).stdout
    blobs = {}
    for line in raw.splitlines():
        meta, _, name = line.partition("\t")
        fields = meta.split()
        if len(fields) >= 5 and fields[4] != "D":
            blobs[name] = fields[3]
    return blobs


def _remember_mtimes(path: Path, baseline: str) -> Dict[str, Tuple[str, int]]:
    """Blob and mtime of the files the current (clean) series changed."""
    if not _is_clean(path):
        return {}
    remembered = {}
    for name, blob in _series_blobs(path, baseline).items():
        try:
            remembered[name] = (blob, (path / name).stat().st_mtime_ns)
        except FileNotFoundError:
            continue
    return remembered


def _restore_mtimes(path: Path, baseline: str, remembered: Dict[str, Tuple[str, int]]) -> None:
    """Give files whose content the new series left unchanged their old mtime back."""
    for name, blob in _series_blobs(path, baseline).items():
        old = remembered.get(name)
        if old and old[0] == blob:
            target = path / name
            os.utime(target, ns=(target.stat().st_atime_ns, old[1]))


def apply_series(path: Path, patches: List[Path]) -> None:
    """`git apply --index` each patch in order (each applies whole or not at all); raise
    naming the first patch that does not apply."""
    for patch in patches:
        proc = git(path, ["apply", "--index", "--whitespace=nowarn", str(patch.resolve())],
                   check=False)
        if proc.returncode != 0:
            detail = [line for line in (proc.stderr + proc.stdout).splitlines()
                      if line.strip()]
            raise RigError(f"patch {patch.name} does not apply to the baseline: "
                           + ("; ".join(detail[:4]) or "git apply failed"))


def prepare_worktree(ksrc: Path, path: Path, patches: List[Path], fingerprint: str) -> Worktree:
    """Return a worktree at path holding KSRC's baseline plus patches.

    fingerprint identifies the inputs (baseline and patch contents); the worktree is reused
    only when the previous run applied the same fingerprint and nothing has touched it since.
    """
    ksrc = ksrc.resolve()
    path = path.resolve()
    if path == ksrc or ksrc in path.parents:
        raise RigError(f"the worktree {path} must lie outside KSRC {ksrc}")
    baseline = baseline_commit(ksrc)
    stamp = _stamp_path(path)
    recorded = stamp.read_text().split() if stamp.is_file() else []
    if (len(recorded) == 2 and recorded[0] == fingerprint and _is_worktree_of(path, ksrc)
            and _is_clean(path) and _index_tree(path) == recorded[1]):
        return Worktree(path=path, baseline=baseline, tree=recorded[1], reused=True)
    stamp.unlink(missing_ok=True)
    remembered = _remember_mtimes(path, baseline) if _is_worktree_of(path, ksrc) else {}
    _reset_to(path, ksrc, baseline)
    apply_series(path, patches)
    _restore_mtimes(path, baseline, remembered)
    tree = _index_tree(path)
    stamp.write_text(f"{fingerprint} {tree}\n")
    return Worktree(path=path, baseline=baseline, tree=tree, reused=False)
