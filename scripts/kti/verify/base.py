# SPDX-License-Identifier: GPL-2.0
"""BASE: the tree with the whole kernel-patches series applied, what conversions are made on.

The series is committed on top of the tree's HEAD with the running user's identity (see
commits.py: no working tree is touched, same inputs give the same commit ids), then BASE is
a detached worktree at that commit.  BASE is keyed by the tree's HEAD and the bytes of every
patch (the boot rig's source fingerprint): the results cache uses that key.  The series
location is a parameter, so a core series still in progress can be verified against.
The same series commits start the kti/convert branch.
"""
import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import FrozenSet, Tuple

from .. import gitident
from ..boot.errors import RigError
from ..boot.fingerprint import source_fingerprint
from ..boot.series import read_series
from ..boot.worktree import baseline_commit
from .checkout import Checkout
from .commits import CommitMaker, commit_date, mail_message
from .errors import VerifyError
from .paths import VerifyPaths


@dataclass(frozen=True)
class Base:
    """The prepared BASE worktree and what identifies it."""

    ksrc: Path
    path: Path
    commit: str
    tree_head: str
    fingerprint: str
    patches: Tuple[Path, ...]
    identity: gitident.Identity


def require_identity(repo: Path) -> gitident.Identity:
    """The running user's git identity, or a VerifyError saying how to set one."""
    identity = gitident.resolve(repo)
    if identity is None:
        raise VerifyError("git has no user identity for the commits (author and committer "
                          "of the series and of every conversion); " + gitident.MISSING_HINT)
    return identity


def _exists(repo: Path, commit: str) -> bool:
    return subprocess.run(["git", "-C", str(repo), "cat-file", "-e", commit + "^{commit}"],
                          capture_output=True, check=False).returncode == 0


def series_commit(ksrc: Path, tree_head: str, patches: Tuple[Path, ...],
                  identity: gitident.Identity) -> str:
    """Commit every patch in order on tree_head; the last commit."""
    maker = CommitMaker(ksrc, tree_head, identity, commit_date(ksrc, tree_head))
    with maker.session():
        for patch in patches:
            text = patch.read_text()
            maker.commit(text, mail_message(ksrc, text), f"series patch {patch.name}")
    return maker.head


def prepare_base(ksrc: Path, series_dir: Path, paths: VerifyPaths) -> Base:
    """Create or reuse BASE: KSRC's HEAD plus the series listed in series_dir."""
    identity = require_identity(ksrc)
    try:
        patches = tuple(read_series(series_dir))
        tree_head = baseline_commit(ksrc)
    except RigError as err:
        raise VerifyError(str(err)) from err
    if not patches:
        raise VerifyError(f"{series_dir}/series lists no patches: BASE needs the core series")
    fingerprint = source_fingerprint(tree_head, patches)
    key = hashlib.sha256(f"{fingerprint} {identity.name} <{identity.email}>".encode()).hexdigest()
    stamp = paths.root / "base.commit"
    recorded = stamp.read_text().split() if stamp.is_file() else []
    if len(recorded) == 2 and recorded[0] == key and _exists(ksrc, recorded[1]):
        commit = recorded[1]
    else:
        commit = series_commit(ksrc, tree_head, patches, identity)
        paths.root.mkdir(parents=True, exist_ok=True)
        stamp.write_text(f"{key} {commit}\n")
    Checkout(ksrc, paths.base, commit).reset()
    return Base(ksrc=ksrc, path=paths.base, commit=commit, tree_head=tree_head, fingerprint=fingerprint,
                patches=patches, identity=identity)


def series_added_files(base: Base) -> FrozenSet[str]:
    """Files the core series adds (its test module): their kthreads are the series' own."""
    res = subprocess.run(["git", "-C", str(base.ksrc), "diff", "--name-only", "--no-renames",
                          "--diff-filter=A", base.tree_head, base.commit],
                         capture_output=True, text=True, check=False)
    if res.returncode != 0:
        raise VerifyError(f"git diff of the core series failed: {res.stderr.strip()}")
    return frozenset(res.stdout.split())
