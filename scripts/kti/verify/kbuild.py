# SPDX-License-Identifier: GPL-2.0
"""allmodconfig builds of single files, out of tree (O=), with ccache, W=1 and sparse.

Every make call of one architecture passes the same variables (ARCH, CROSS_COMPILE, CC and
CHECK through diagcc, W=1, C=1), so Kbuild never rebuilds because a command line changed.
configure() writes <arch> allmodconfig plus allmodconfig.config and runs `make prepare`
once per BASE; build() compiles a list of objects in one make call and tells, per file,
whether it built or failed.

Which files a configuration builds: `make dir/file.o` compiles the file even when the
configuration leaves it out (the nearest directory Kbuild does descend into compiles it with
its pattern rule), so that is no answer.  probe() asks Kbuild itself: a rule added with
`--eval` (make passes it on to every sub-make) prints, for `dir/kti-probe.o`, the
objects of real-obj-y, real-obj-m and lib-y of the Makefile.build instance that handles dir.
Kbuild only reaches dir through the subdirectories the configuration enables, so a directory
it does not build prints nothing, and a file is built exactly when its object is listed,
in its own directory or in an ancestor's (`r8723bs-y += core/rtw_cmd.o`).
"""
import enum
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Sequence, Set

from ..boot.kbuild import build_env
from . import diag
from .archs import Arch
from .errors import VerifyError

HERE = Path(__file__).resolve().parent
DIAGCC = HERE / "diagcc"
FRAGMENT = HERE / "allmodconfig.config"
#: Bump when the way files are configured or built changes (forces a new configure).
BUILD_VERSION = "1"


class Outcome(enum.Enum):
    BUILT = "built"
    FAILED = "failed"
    NOT_BUILT = "not-built"


@dataclass
class FileBuild:
    """One .c file's compile in one configuration."""

    path: str
    arch: str
    outcome: Outcome
    diagnostics: List[diag.Diagnostic] = field(default_factory=list)


def use_ccache() -> bool:
    return shutil.which("ccache") is not None


def make_vars(arch: Arch) -> List[str]:
    """The variables of every make call for arch (same each time: no spurious rebuilds)."""
    compiler = ("ccache " if use_ccache() else "") + arch.gcc
    return [f"ARCH={arch.make_arch}", f"CROSS_COMPILE={arch.cross_compile}",
            f"CC={DIAGCC} cc {compiler}", f"HOSTCC={'ccache ' if use_ccache() else ''}gcc",
            f"CHECK={DIAGCC} sparse sparse", "W=1", "C=1"]


def make_env(ccache_dir: Path, diag_dir: Path = None) -> Dict[str, str]:
    env = build_env(ccache_dir)
    env["LC_ALL"] = "C"
    env.pop("KTI_DIAG_DIR", None)
    if diag_dir is not None:
        env["KTI_DIAG_DIR"] = str(diag_dir)
    return env


def toolchain(arch: Arch) -> str:
    """The compiler and sparse versions: part of every cache key."""
    versions = []
    for cmd in ([arch.gcc, "--version"], ["sparse", "--version"]):
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
            versions.append((proc.stdout or proc.stderr).splitlines()[0].strip())
        except (OSError, IndexError):
            versions.append(f"{cmd[0]} missing")
    return f"{arch.name}: " + "; ".join(versions)


def _make(src: Path, obj: Path, arch: Arch, args: Sequence[str], log: Path,
          env: Dict[str, str], check: bool = True) -> int:
    cmd = ["make", "-C", str(src), f"O={obj}", *make_vars(arch), *args]
    with log.open("a") as out:
        out.write("$ " + " ".join(cmd) + "\n")
        out.flush()
        proc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, env=env)
    if check and proc.returncode != 0:
        raise VerifyError(f"{arch.name}: make {' '.join(args)} failed (see {log})")
    return proc.returncode


def configure(src: Path, obj: Path, arch: Arch, stamp_key: str, log: Path,
              ccache_dir: Path, jobs: int) -> float:
    """arch's all*config + fragment + prepare in obj, unless obj holds it for stamp_key
    already.

    Returns the seconds spent (0 when reused).
    """
    stamp = obj / "kti-verify.stamp"
    fragment = arch.fragment or FRAGMENT
    wanted = f"{BUILD_VERSION} {stamp_key} {arch.config} {fragment.read_text()}"
    if stamp.is_file() and stamp.read_text() == wanted:
        return 0.0
    if not arch.available():
        raise VerifyError(f"{arch.gcc} not found: install {arch.package}")
    started = time.monotonic()
    stamp.unlink(missing_ok=True)
    obj.mkdir(parents=True, exist_ok=True)
    env = make_env(ccache_dir)
    _make(src, obj, arch, [f"KCONFIG_ALLCONFIG={fragment}", arch.config], log, env)
    config = (obj / ".config").read_text()
    if re.search(r"^CONFIG_WERROR=y", config, re.M):
        raise VerifyError(f"{arch.label} still sets CONFIG_WERROR (see {log})")
    _make(src, obj, arch, [f"-j{jobs}", "prepare"], log, env)
    stamp.write_text(wanted)
    return time.monotonic() - started


PROBE_GOAL = "kti-probe.o"
_PROBE_RULE = ('$(obj)/' + PROBE_GOAL + ': ; @echo "KTI-PROBE $(obj) : $(real-obj-y) '
               '$(real-obj-m) $(lib-y)"')
_PROBE_LINE = re.compile(r"^KTI-PROBE (?P<dir>\S+) :(?P<objects>.*)$")


def probe(src: Path, obj: Path, arch: Arch, dirs: Sequence[str], log: Path,
          ccache_dir: Path) -> Dict[str, Set[str]]:
    """dir -> objects the configuration builds there, for each dir Kbuild reaches."""
    goals = [f"{d}/{PROBE_GOAL}" for d in sorted(set(dirs))]
    cmd = ["make", "-C", str(src), f"O={obj}", *make_vars(arch), "-k", f"--eval={_PROBE_RULE}",
           *goals]
    with log.open("a") as out:
        out.write("$ " + " ".join(cmd) + "\n")
        proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace",
                              stdin=subprocess.DEVNULL, env=make_env(ccache_dir))
        out.write(proc.stdout + proc.stderr)
    wanted = set(dirs)
    found: Dict[str, Set[str]] = {}
    for line in proc.stdout.splitlines():
        match = _PROBE_LINE.match(line)
        if match and match["dir"] in wanted:
            found[match["dir"]] = set(match["objects"].split())
    return found


def ancestors(path: str) -> List[str]:
    """The directories a file's object may be listed in: drivers/a/b.c -> drivers/a, drivers."""
    parts = path.split("/")[:-1]
    return ["/".join(parts[:i]) for i in range(len(parts), 0, -1)]


def configured(path: str, probed: Dict[str, Set[str]]) -> bool:
    """Whether the configuration whose probe() answer this is builds the .c file path."""
    return any(object_of(path) in probed.get(d, set()) for d in ancestors(path))


def object_of(path: str) -> str:
    return path[:-2] + ".o"


def build(src: Path, obj: Path, arch: Arch, paths: Sequence[str], diag_dir: Path, log: Path,
          ccache_dir: Path, jobs: int) -> Dict[str, FileBuild]:
    """Compile each .c file of paths (tree-relative) in one `make -k`; a FileBuild each."""
    if diag_dir.exists():
        shutil.rmtree(diag_dir)
    diag_dir.mkdir(parents=True)
    for path in paths:
        (obj / object_of(path)).unlink(missing_ok=True)
    _make(src, obj, arch, ["-k", f"-j{jobs}", *[object_of(p) for p in paths]], log,
          make_env(ccache_dir, diag_dir), check=False)
    roots = [str(src.resolve()), str(src), str(obj.resolve())]
    results = {}
    for path in paths:
        cc_log = diag_dir / "cc" / (str(src.resolve()) + "/" + path).lstrip("/")
        sparse_log = diag_dir / "sparse" / (str(src.resolve()) + "/" + path).lstrip("/")
        if not cc_log.is_file():
            results[path] = FileBuild(path, arch.name, Outcome.NOT_BUILT)
            continue
        found = diag.parse(cc_log.read_text(errors="replace"), "gcc", roots)
        if sparse_log.is_file():
            found += diag.parse(sparse_log.read_text(errors="replace"), "sparse", roots)
        built = (obj / object_of(path)).is_file() and not diag.compiler_errors(found)
        results[path] = FileBuild(path, arch.name, Outcome.BUILT if built else Outcome.FAILED,
                                  found)
    return results

