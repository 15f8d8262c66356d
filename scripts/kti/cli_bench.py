# SPDX-License-Identifier: GPL-2.0
"""Command line of scripts/kti-bench-scan."""
import argparse
import sys
from pathlib import Path
from typing import List, Optional

from . import bench
from .errors import InputError
from .pipeline import DEFAULT_COCCI
from .tree import validate_tree


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="kti-bench-scan",
        description="Time kti-scan (cold, warm, one changed file) against make coccicheck "
                    "on a copy of KSRC and compare their findings.")
    parser.add_argument("--tree", required=True, help="kernel tree (never modified)")
    parser.add_argument("--cocci", default=str(DEFAULT_COCCI))
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--work", default=str(bench.BENCH_DIR),
                        help="scratch directory for the copy, cache and outputs")
    parser.add_argument("--no-coccicheck", action="store_true",
                        help="skip the (slow) make coccicheck comparison")
    parser.add_argument("--reuse-coccicheck", action="store_true",
                        help="compare against the previous coccicheck run in --work "
                             "instead of running it again (same tree and .cocci snapshot)")
    args = parser.parse_args(argv)
    try:
        tree = validate_tree(args.tree)
    except InputError as exc:
        print(f"kti-bench-scan: error: {exc}", file=sys.stderr)
        return 2
    result = bench.run(tree, Path(args.cocci).resolve(), args.jobs, Path(args.work).resolve(),
                       not args.no_coccicheck, args.reuse_coccicheck)
    bench.print_summary(result)
    return 0
