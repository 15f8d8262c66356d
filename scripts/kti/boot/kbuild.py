# SPDX-License-Identifier: GPL-2.0
"""Build bzImage and modules out of tree (O=), with ccache when it is installed.

ccache is an optimisation only: without it the build is the same, just slower.  Its cache lives
under the build directory so CI can keep or drop it with the rest of build/.  The converted and
the baseline kernel share it: every build root holds its worktree in src/ and its objects in
obj/, and ccache rewrites the absolute paths under the root to relative ones (../src/...), so
an object whose preprocessed source is the same in both (about half of them: the series
changes kthread.h and freezer.h) is compiled once.
"""
import os
import shutil
import subprocess
from pathlib import Path
from typing import Dict, List

from .errors import RigError


def build_env(ccache_dir: Path) -> Dict[str, str]:
    """Environment for make: a private CCACHE_DIR, nothing else changed."""
    env = dict(os.environ)
    env["CCACHE_DIR"] = str(ccache_dir)
    return env


def shared_cache_env(ccache_dir: Path, src: Path, obj: Path) -> Dict[str, str]:
    """build_env, with the paths under the common parent of src and obj hashed relative to
    the build directory, and the build directory itself not hashed: builds in other roots
    of the same layout hit each other's objects."""
    env = build_env(ccache_dir)
    env["CCACHE_BASEDIR"] = os.path.commonpath([src, obj])
    env["CCACHE_NOHASHDIR"] = "1"
    return env


def make_command(src: Path, obj: Path, jobs: int, use_ccache: bool) -> List[str]:
    """The make command line; ccache wraps both the target and the host compiler.  With the
    source path made relative by ccache, the kernel's own -fmacro-prefix-map no longer
    matches it: a second map keeps __FILE__ as it is without ccache (kernel/kthread.c)."""
    cmd = ["make", "-C", str(src), f"O={obj}", f"-j{jobs}"]
    if use_ccache:
        relative_src = os.path.relpath(src, obj)
        cmd += ["CC=ccache gcc", "HOSTCC=ccache gcc",
                f"KCFLAGS=-fmacro-prefix-map={relative_src}/="]
    return cmd + ["bzImage", "modules"]


def error_lines(log_text: str, limit: int = 6) -> List[str]:
    """The first compiler/linker error lines of a build log, for the one-line failure message."""
    picked = [line.strip() for line in log_text.splitlines()
              if " error: " in line or line.startswith("make") and "Error" in line
              or "undefined reference" in line or "ERROR:" in line]
    return picked[:limit]


def build(src: Path, obj: Path, log: Path, ccache_dir: Path, jobs: int = 0) -> Path:
    """Build the kernel; return the bzImage path.  Output goes to log (appended)."""
    jobs = jobs or os.cpu_count() or 1
    use_ccache = shutil.which("ccache") is not None
    if use_ccache:
        ccache_dir.mkdir(parents=True, exist_ok=True)
    cmd = make_command(src, obj, jobs, use_ccache)
    with log.open("a") as out:
        out.write("$ " + " ".join(cmd) + "\n")
        out.flush()
        proc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, env=shared_cache_env(ccache_dir, src, obj))
    if proc.returncode != 0:
        errors = error_lines(log.read_text(errors="replace"))
        raise RigError(f"kernel build failed (see {log}): " + " | ".join(errors))
    image = obj / "arch" / "x86" / "boot" / "bzImage"
    if not image.is_file():
        raise RigError(f"kernel build produced no {image}")
    return image


def built_modules(obj: Path) -> List[Path]:
    """The modules of the current configuration, from the build's modules.order.

    Not a glob over obj: a module dropped from the config leaves its stale .ko behind.
    """
    order = obj / "modules.order"
    if not order.is_file():
        return []
    modules = []
    for line in order.read_text().split():
        module = obj / (line[:-2] + ".ko" if line.endswith(".o") else line)
        if not module.is_file():
            raise RigError(f"{order} lists {line} but {module} was not built")
        modules.append(module)
    return modules
