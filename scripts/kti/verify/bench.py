# SPDX-License-Identifier: GPL-2.0
"""`make bench-convert`: the whole-tree convert + verify, cold then warm, side by side.

Cold starts from nothing but the tree: a private build root (build/bench-convert/, removed
first: BASE, scratch tree, allmodconfig builds, ccache, result cache) and a private scan
cache.  Warm runs again right after with everything kept.  The branch is written as
kti/convert-bench so the user's kti/convert is left alone; the reports go to the bench
folder too.  This measures, it does not test: it prints the times, their ratio, the phases
and the conversions verified per minute.
"""
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import List

from .convert import ConvertOptions, ConvertStats, run
from .paths import PROJECT, VerifyPaths
from .report import counts

BENCH_ROOT = PROJECT / "build" / "bench-convert"
BRANCH = "kti/convert-bench"
WARM_TARGET = 30.0


@dataclass
class BenchRun:
    label: str
    stats: ConvertStats
    verified: int
    units: int


def _remove_root(ksrc: Path, root: Path) -> None:
    """Remove a previous bench root, unregistering its worktrees from ksrc first."""
    for worktree in (root / "base", root / "scratch", root / "converted"):
        if (worktree / ".git").exists():
            subprocess.run(["git", "-C", str(ksrc), "worktree", "remove", "--force",
                            str(worktree)], capture_output=True, check=False)
    shutil.rmtree(root, ignore_errors=True)
    subprocess.run(["git", "-C", str(ksrc), "worktree", "prune"], capture_output=True,
                   check=False)


def measure(ksrc: Path, series: Path, jobs: int) -> List[BenchRun]:
    paths = VerifyPaths.for_tree(ksrc, BENCH_ROOT)
    _remove_root(ksrc, paths.root)
    runs = []
    for label in ("cold", "warm"):
        stats = ConvertStats()
        opts = ConvertOptions(ksrc=ksrc, series_dir=series, out_dir=paths.root / "reports",
                              jobs=jobs, branch=BRANCH, force_branch=label == "cold",
                              build_root=BENCH_ROOT, scan_cache=paths.root / "scan-cache")
        result = run(opts, stats)
        c = counts(result)
        runs.append(BenchRun(label, stats, c["by_verdict"]["verified"], c["units"]))
    return runs


def summary(runs: List[BenchRun]) -> List[str]:
    cold, warm = runs
    lines = ["bench-convert: whole-tree convert + verify (2 runs, same tree and series)",
             f"  {'run':6} {'seconds':>9} {'units':>6} {'verified':>9}  phases"]
    for run_ in runs:
        phases = ", ".join(f"{k} {v:.1f}" for k, v in run_.stats.phases.items())
        lines.append(f"  {run_.label:6} {run_.stats.seconds:9.1f} {run_.units:6} "
                     f"{run_.verified:9}  {phases}")
    timings = cold.stats.verify.compile
    if timings is not None:
        lines.append("  cold compile: configure (allmodconfig + prepare) "
                     + ", ".join(f"{a} {s:.0f} s" for a, s in timings.configure.items())
                     + f"; probe {timings.probe:.0f} s; unconverted {timings.files_original} "
                     f"files {timings.original:.0f} s; converted {timings.files_converted} "
                     f"files {timings.converted:.0f} s")
    lines.append(f"  cold / warm: {cold.stats.seconds / max(warm.stats.seconds, 1e-9):.1f}x; "
                 f"warm {'under' if warm.stats.seconds < WARM_TARGET else 'ABOVE'} the "
                 f"{WARM_TARGET:.0f} s target")
    per_minute = cold.verified / (cold.stats.seconds / 60.0) if cold.stats.seconds else 0.0
    lines.append(f"  conversions verified per minute (cold): {per_minute:.2f}")
    return lines


def main_bench(ksrc: Path, series: Path, jobs: int) -> int:
    started = time.monotonic()
    runs = measure(ksrc, series, jobs)
    print("\n".join(summary(runs)))
    print(f"bench-convert: total {time.monotonic() - started:.0f} s")
    return 0
