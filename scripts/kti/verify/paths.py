# SPDX-License-Identifier: GPL-2.0
"""Where the verifier keeps things: build/convert/<tree>/ (git-ignored, removed by make clean).

One root per kernel tree, so KSRC= trees never share a BASE, a scratch tree or results.
"""
import hashlib
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[3]
BUILD = PROJECT / "build" / "convert"


def tree_key(ksrc: Path) -> str:
    """linux-6.12-1a2b3c4d: the tree's folder name and a hash of its absolute path."""
    resolved = ksrc.resolve()
    return f"{resolved.name}-{hashlib.sha256(str(resolved).encode()).hexdigest()[:8]}"


@dataclass(frozen=True)
class VerifyPaths:
    """The directories of one tree's verification, derived from one root."""

    root: Path

    @classmethod
    def for_tree(cls, ksrc: Path, build: Path = BUILD) -> "VerifyPaths":
        return cls(build / tree_key(ksrc))

    @property
    def base(self) -> Path:
        """BASE: a worktree of the tree with the whole series applied.

        The compiles run in the same worktree (scratch is the same path): every use that
        patches it resets it to the BASE commit before and after, and every run resets it
        when it starts, so between two uses it is BASE.  One checkout of the tree instead
        of two saves minutes and a tree's worth of disk.
        """
        return self.root / "src"

    @property
    def scratch(self) -> Path:
        """The worktree compiles run in: BASE's, reset before and after every use."""
        return self.base

    def objects(self, arch: str) -> Path:
        """The O= build directory of one architecture's allmodconfig."""
        return self.root / f"obj-{arch}"

    @property
    def ccache(self) -> Path:
        return self.root / "ccache"

    @property
    def results(self) -> Path:
        """Cached gate results, keyed by patch, BASE and toolchain."""
        return self.root / "results"

    @property
    def branch_tree(self) -> Path:
        """The worktree holding the kti/convert branch."""
        return self.root / "converted"

    @property
    def logs(self) -> Path:
        return self.root / "logs"
