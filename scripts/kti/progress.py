# SPDX-License-Identifier: GPL-2.0
"""One-line progress on stderr, only when stderr is a terminal (logs stay clean)."""
import sys
import time
from typing import TextIO


class Progress:
    """Counts finished files and redraws `label: done/total` in place."""

    def __init__(self, label: str, total: int, stream: TextIO = sys.stderr):
        self.label = label
        self.total = total
        self.done = 0
        self.stream = stream
        self.enabled = stream.isatty() and total > 0
        self.started = time.monotonic()

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.enabled:
            elapsed = time.monotonic() - self.started
            self.stream.write(f"\r{self.label}: {self.done}/{self.total} files, "
                              f"{elapsed:.0f} s ")
            self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
