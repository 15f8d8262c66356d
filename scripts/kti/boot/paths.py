# SPDX-License-Identifier: GPL-2.0
"""Where the rig keeps things, all under build/boot (git-ignored, removed by `make clean`)."""
import fcntl
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

#: The project's root: the defaults of every path the rig reads or writes hang off it.
PROJECT = Path(__file__).resolve().parents[3]


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

    def last(self, mode: str) -> Path:
        """Logs of the last run of a mode (test: build/boot/last, bench: build/boot/last-bench)."""
        return self.root / ("last" if mode == "test" else f"last-{mode}")

    @property
    def runs(self) -> Path:
        """Copies of earlier runs' logs kept with --keep."""
        return self.root / "runs"


@contextmanager
def dir_lock(root: Path, who: str) -> Iterator[None]:
    """Hold root/.lock exclusively; a second holder waits (saying so) instead of failing."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"{who}: waiting for another run using {root}", flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def run_lock(paths: RigPaths) -> Iterator[None]:
    """Hold build/boot/.lock for a run: two runs would share one worktree and O= directory.

    A second run (`make bench-core` while `make boot-test` builds) waits instead of
    corrupting the first one's build.
    """
    with dir_lock(paths.root, "kti-boot"):
        yield
