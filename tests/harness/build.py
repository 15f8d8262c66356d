# SPDX-License-Identifier: GPL-2.0
"""Compiling the model and the fixture binaries with the host gcc, -Wall -Werror.

Fixtures include kernel headers by their usual names; each supported <linux/...> header is
a one-line file under BUILD/include that includes the model's kti_model.h.  A fixture that
includes anything else is refused with the header's name.
"""
import re
import subprocess
from pathlib import Path
from typing import List

from .errors import HarnessError

MODEL_DIR = Path(__file__).resolve().parent / "model"
MODEL_SOURCES = ("world.c", "sched.c", "kthread.c", "iterant.c")
CC = "gcc"
CFLAGS = ["-std=gnu11", "-Wall", "-Werror", "-O1", "-g"]
# A fixture's creation and helper functions are not called by the harness.
FIXTURE_CFLAGS = CFLAGS + ["-Wno-unused-function"]
SUPPORTED_HEADERS = (
    "atomic.h", "completion.h", "delay.h", "err.h", "errno.h", "export.h", "freezer.h",
    "init.h",
    "jiffies.h", "kernel.h", "kthread.h", "list.h", "module.h", "mutex.h", "printk.h", "sched.h",
    "sched/signal.h", "signal.h", "slab.h", "spinlock.h", "types.h", "wait.h",
)
_INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)


def _run(cmd: List[str], what: str) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode:
        lines = (proc.stderr or proc.stdout).strip().splitlines()
        raise HarnessError("%s does not compile against the model:\n  %s"
                           % (what, "\n  ".join(lines[:12])))


def check_includes(text: str, where: str) -> None:
    for header in _INCLUDE.findall(text):
        name = header[len("linux/"):] if header.startswith("linux/") else None
        if name not in SUPPORTED_HEADERS:
            raise HarnessError("%s includes <%s>, which the model does not provide "
                               "(supported: linux/%s)"
                               % (where, header, ", linux/".join(SUPPORTED_HEADERS)))


class Builder:
    """Builds into one directory: model objects once, then one binary per fixture version."""

    def __init__(self, out: Path):
        self.out = out
        self.include = out / "include"
        self.objects: List[Path] = []

    def prepare(self) -> None:
        for header in SUPPORTED_HEADERS:
            path = self.include / "linux" / header
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text('#include "kti_model.h"\n')
        objdir = self.out / "model"
        objdir.mkdir(parents=True, exist_ok=True)
        self.objects = []
        for source in MODEL_SOURCES:
            obj = objdir / (Path(source).stem + ".o")
            _run([CC] + CFLAGS + ["-c", str(MODEL_DIR / source), "-o", str(obj)],
                 "the model (%s)" % source)
            self.objects.append(obj)

    def binary(self, name: str, unit: str, what: str) -> Path:
        """Compile one generated translation unit and link it with the model."""
        source = self.out / "units" / (name + ".c")
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(unit)
        exe = self.out / "bin" / name
        exe.parent.mkdir(parents=True, exist_ok=True)
        _run([CC] + FIXTURE_CFLAGS + ["-I", str(MODEL_DIR), "-I", str(self.include),
                                      str(source)] + [str(o) for o in self.objects] +
             ["-o", str(exe)], what)
        return exe
