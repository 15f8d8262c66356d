# SPDX-License-Identifier: GPL-2.0
"""Command line of scripts/kti-convert-tree: convert and verify a whole tree (make convert)."""
import argparse
import sys
from pathlib import Path
from typing import List, Optional

from ..errors import InputError
from ..output import check_tool_out
from .branch import BRANCH
from .convert import ConvertOptions, ConvertStats, run
from .errors import VerifyError
from .paths import PROJECT
from .report import REPORT_FILES, counts, written_by_us


def parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="kti-convert-tree",
        description="Convert every kthread of a tree the converter can, verify each "
                    "conversion (apply + parse, W=1/sparse compile, checkpatch --strict, "
                    "round trip, detector), commit the verified ones on a branch of the "
                    "tree (in a worktree under build/convert/) and write conversions.json "
                    "and conversions.md.")
    parser.add_argument("--tree", type=Path, default=PROJECT / "build" / "linux-6.12",
                        help="kernel git tree (only read; the branch goes into its repository)")
    parser.add_argument("--series", type=Path, default=PROJECT / "kernel-patches",
                        help="folder with the series file of the core series (BASE)")
    parser.add_argument("--out", type=Path, required=True,
                        help="report folder (conversions.json, conversions.md are replaced "
                             "when this tool wrote them; nothing else there is touched; not "
                             "inside the tree)")
    parser.add_argument("--jobs", type=int, default=0, help="parallel jobs (default: nproc)")
    parser.add_argument("--only", action="append", default=None, metavar="FILE[:FUNCTION]",
                        help="convert only these paths or thread functions (repeatable)")
    parser.add_argument("--branch", default=BRANCH,
                        help=f"branch to write (default {BRANCH})")
    parser.add_argument("--no-branch", action="store_true", help="write no branch")
    parser.add_argument("--force-branch", action="store_true",
                        help="replace the branch even if this tool did not write it last")
    parser.add_argument("--build-dir", type=Path, default=None,
                        help="where BASE, the scratch tree, the builds and the cache live "
                             "(default build/convert)")
    parser.add_argument("--no-cache", action="store_true",
                        help="verify every unit again (the build caches still apply)")
    args = parser.parse_args(argv)
    if args.jobs < 0:
        parser.error("--jobs must be 0 (all CPUs) or more")
    return args


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    opts = ConvertOptions(ksrc=args.tree, series_dir=args.series.resolve(),
                          out_dir=args.out.resolve(), jobs=args.jobs, only=args.only,
                          branch=None if args.no_branch else args.branch,
                          force_branch=args.force_branch,
                          build_root=args.build_dir.resolve() if args.build_dir else None,
                          use_cache=not args.no_cache)
    stats = ConvertStats()
    try:
        if not (args.tree / ".git").exists():
            raise VerifyError(f"--tree {args.tree} is not a git work tree")
        try:
            check_tool_out(str(args.out), args.tree.resolve(), "kti-convert-tree",
                           lambda name: name in REPORT_FILES, written_by_us)
        except InputError as err:
            raise VerifyError(str(err)) from err
        result = run(opts, stats)
    except VerifyError as err:
        print(f"kti-convert-tree: error: {err}", file=sys.stderr)
        return 2
    c = counts(result)
    y = c["yield"]
    print(f"kti-convert-tree: {c['units']} units: "
          + ", ".join(f"{k} {v}" for k, v in c["by_verdict"].items()))
    print(f"kti-convert-tree: yield {y['percent']}% ({y['numerator']}/{y['denominator']} "
          "thread functions with a stop-checked main loop)")
    print(f"kti-convert-tree: {stats.verify.checked} units checked, {stats.verify.cached} "
          f"from the cache; {stats.seconds:.1f} s ("
          + ", ".join(f"{k} {v:.1f} s" for k, v in stats.phases.items()) + ")")
    if stats.tip:
        print(f"kti-convert-tree: branch {opts.branch} at {stats.tip[:12]} in {args.tree}")
    print(f"kti-convert-tree: reports in {args.out}")
    return 0
