# SPDX-License-Identifier: GPL-2.0
"""Command line of scripts/kti-boot: parse arguments, run, map errors to exit status 2."""
import argparse
import sys
from pathlib import Path
from typing import List, Optional

from .errors import RigError
from .paths import PROJECT
from .rig import RigOptions, run_bench, run_build, run_test



def default_build_dir(baseline: bool) -> Path:
    """build/boot, or build/boot-baseline: the baseline never overwrites the converted build."""
    return PROJECT / "build" / ("boot-baseline" if baseline else "boot")


def parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="kti-boot",
        description="Apply kernel-patches/ to a fresh worktree of KSRC, build a tinyconfig "
                    "kernel, boot it under qemu (TCG) and run the KUnit suite and the guest "
                    "scenarios (test) or the benchmark scenarios (bench).")
    parser.add_argument("mode", choices=["test", "converted", "stress", "bench", "build"])
    parser.add_argument("--tree", type=Path, default=PROJECT / "build" / "linux-6.12",
                        help="kernel git tree whose HEAD is the baseline (never modified)")
    parser.add_argument("--patches", type=Path, default=PROJECT / "kernel-patches",
                        help="directory with the series file, patches and config fragment")
    parser.add_argument("--scenarios", type=Path, default=PROJECT / "tests" / "guest",
                        help="guest scenarios (NN-name.sh; benchmarks in its bench/)")
    parser.add_argument("--build-dir", type=Path, default=None,
                        help="worktree, O= build and logs (last/ is the last run; "
                             "default: build/boot, with --baseline build/boot-baseline)")
    parser.add_argument("--ccache-dir", type=Path, default=PROJECT / "build" / "boot-ccache",
                        help="compiler cache, shared by the converted and the baseline build "
                             "(default: build/boot-ccache)")
    parser.add_argument("--baseline", action="store_true",
                        help="test, stress and build: build KSRC without the series; test "
                             "runs only the conversion scenarios, expecting no KUnit suite")
    parser.add_argument("--report", type=Path,
                        default=PROJECT / "reports" / "linux-6.12" / "conversions.json",
                        help="the converter's report: the generated conversions the converted "
                             "kernel carries (default: reports/linux-6.12/conversions.json)")
    parser.add_argument("--suite", default="kthread_iterant",
                        help="KUnit suite whose KUNIT_CASE entries must all pass")
    parser.add_argument("--timeout", type=float, default=None,
                        help="seconds the guest may run (default: 900)")
    parser.add_argument("--jobs", type=int, default=0, help="make -j (default: nproc)")
    parser.add_argument("--keep", action="store_true",
                        help="also keep this run's logs in build/boot/runs/<time>-<mode>")
    args = parser.parse_args(argv)
    if args.baseline and args.mode not in ("test", "stress", "build"):
        parser.error("--baseline only applies to test, stress and build")
    if args.build_dir is None:
        args.build_dir = default_build_dir(args.baseline)
    return args


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    opts = RigOptions(ksrc=args.tree.resolve(), patch_dir=args.patches.resolve(),
                      scenario_dir=args.scenarios.resolve(), build_root=args.build_dir.resolve(),
                      suite=args.suite,
                      timeout=args.timeout or 900.0,
                      keep=args.keep, jobs=args.jobs, baseline=args.baseline,
                      report=args.report.resolve(),
                      generated=args.mode in ("converted", "stress"),
                      stress=args.mode == "stress", ccache_dir=args.ccache_dir.resolve())
    try:
        runs = {"test": run_test, "converted": run_test, "stress": run_test, "bench": run_bench,
                "build": run_build}
        return runs[args.mode](opts)
    except RigError as err:
        print(f"kti-boot: error: {err}", file=sys.stderr)
        return 2
