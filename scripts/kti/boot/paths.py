# SPDX-License-Identifier: GPL-2.0
"""Where the rig keeps things, all under build/boot (git-ignored, removed by `make clean`)."""
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RigPaths:
    """The rig's directories and files, derived from one root."""

    root: Path

    @property
    def worktree(self) -> Path:
        """Fresh copy of the baseline with the series applied."""
        return self.root / "src"

    @property
    def objects(self) -> Path:
        """The O= build directory, kept between runs for incremental builds."""
        return self.root / "obj"

    @property
    def build_stamp(self) -> Path:
        """Fingerprint of the inputs of the kernel currently built in objects."""
        return self.objects / "kti-boot.stamp"

    @property
    def ccache(self) -> Path:
        return self.root / "ccache"

    def last(self, mode: str) -> Path:
        """Logs of the last run of a mode (test: build/boot/last, bench: build/boot/last-bench)."""
        return self.root / ("last" if mode == "test" else f"last-{mode}")

    @property
    def runs(self) -> Path:
        """Copies of earlier runs' logs kept with --keep."""
        return self.root / "runs"
