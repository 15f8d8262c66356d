# SPDX-License-Identifier: GPL-2.0
"""Progress on stderr: one line redrawn in place on a terminal, a plain line every ~10 s
otherwise (CI logs, `| tee`), so a long scan never looks hung.

The scan is a stack of stages ("spatch", "resolve" > "second phase"); a stage with a total
counts files.  Without a terminal a line is printed every $KTI_PROGRESS_INTERVAL seconds
(default 10, 0 turns it off) while a stage is open; a scan shorter than that prints none.
"""
import os
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator, List, Optional, TextIO

INTERVAL_ENV = "KTI_PROGRESS_INTERVAL"
DEFAULT_INTERVAL = 10.0
TTY_INTERVAL = 1.0


def interval_from_env() -> float:
    try:
        return max(0.0, float(os.environ.get(INTERVAL_ENV, DEFAULT_INTERVAL)))
    except ValueError:
        return DEFAULT_INTERVAL


@dataclass
class _Stage:
    label: str
    total: Optional[int]
    done: int = 0
    started: float = field(default_factory=time.monotonic)


class Progress:
    """Stages of one scan; a background thread prints while any stage is open."""

    def __init__(self, stream: TextIO = sys.stderr, interval: Optional[float] = None):
        self.stream = stream
        self.tty = stream.isatty()
        self.interval = TTY_INTERVAL if self.tty else (
            interval if interval is not None else interval_from_env())
        self._stages: List[_Stage] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self._drawn = False

    @contextmanager
    def stage(self, label: str, total: Optional[int] = None) -> Iterator[None]:
        """A stage of the scan; `total` files to count with advance(), or None."""
        current = _Stage(label, total)
        with self._lock:
            self._stages.append(current)
            if self._thread is None and self.interval > 0:
                self._stop.clear()
                self._thread = threading.Thread(target=self._tick, daemon=True)
                self._thread.start()
        try:
            yield
        finally:
            with self._lock:
                self._stages.remove(current)
                thread = None
                if not self._stages:
                    thread, self._thread = self._thread, None
            if thread is not None:
                self._stop.set()
                thread.join()
                if self._drawn:
                    self.stream.write("\n")
                    self.stream.flush()
                    self._drawn = False

    def advance(self, count: int = 1) -> None:
        with self._lock:
            if self._stages:
                self._stages[-1].done += count
        if self.tty:
            self._draw()

    def _tick(self) -> None:
        while not self._stop.wait(self.interval):
            self._draw()

    def _draw(self) -> None:
        with self._lock:
            if not self._stages:
                return
            top = self._stages[-1]
            text = " > ".join(s.label for s in self._stages)
            if top.total is not None:
                text += f": {top.done}/{top.total} files"
            text += f", {time.monotonic() - top.started:.0f} s"
            if self.tty:
                self.stream.write(f"\r{text}\033[K")
                self._drawn = True
            else:
                self.stream.write(f"kti-scan: {text}\n")
            self.stream.flush()
