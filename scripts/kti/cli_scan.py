# SPDX-License-Identifier: GPL-2.0
"""Command line of scripts/kti-scan: parse options, run the pipeline, print a summary."""
import argparse
import signal
import sys
from typing import List, Optional

from .errors import InputError
from .pipeline import DEFAULT_TIMEOUT, REPORT_FILES, ScanRequest, ScanStats, scan_and_write


def positive_int(text: str) -> int:
    """argparse type: a whole number >= 1 (0 is not a silent "default")."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="kti-scan",
        description="Inventory every kernel thread of a kernel tree and write reports "
                    f"({', '.join(REPORT_FILES)}) to --out.")
    parser.add_argument("--tree", required=True, help="kernel source tree (a git work tree)")
    parser.add_argument("--out", required=True,
                        help="report folder: new, empty, or written by kti-scan before "
                             "(only the files it wrote are replaced)")
    parser.add_argument("--jobs", type=positive_int, default=None,
                        help="parallel spatch processes (default: number of CPUs)")
    parser.add_argument("--cache", default=None,
                        help="result cache directory (default: build/scan-cache)")
    parser.add_argument("--timeout", type=positive_int, default=None,
                        help=f"per-file spatch timeout in seconds (default {DEFAULT_TIMEOUT})")
    parser.add_argument("--cocci", default=None,
                        help="semantic patch (default: cocci/kthread_threads.cocci)")
    parser.add_argument("--spatch", default=None,
                        help="spatch executable (default: $SPATCH or spatch on PATH)")
    return parser.parse_args(argv)


class Terminated(KeyboardInterrupt):
    """SIGTERM, taken down the same path as Ctrl-C."""


def _terminate(_signum: int, _frame: object) -> None:
    raise Terminated()


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    request = ScanRequest(tree=args.tree, out=args.out, jobs=args.jobs, cache=args.cache,
                          timeout=args.timeout, cocci=args.cocci, spatch=args.spatch)
    stats = ScanStats()
    signal.signal(signal.SIGTERM, _terminate)
    try:
        inv = scan_and_write(request, stats)
    except InputError as exc:
        print(f"kti-scan: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        signum = signal.SIGTERM if isinstance(exc, Terminated) else signal.SIGINT
        print(f"kti-scan: stopped by {signum.name}; finished files stay in the cache",
              file=sys.stderr)
        return 128 + signum
    acc = inv.accounting()
    if not inv.files_prefiltered and not inv.files_second_phase:
        print(f"kti-scan: no .c or .h file of {args.tree} mentions a kthread API: "
              "the reports are empty (is it a kernel tree?)", file=sys.stderr)
    elif not inv.thread_functions and not inv.creation_sites:
        print(f"kti-scan: no kernel thread found in {args.tree}: the reports are empty",
              file=sys.stderr)
    verdicts = ", ".join(f"{v} {n}" for v, n in inv.verdict_counts().items())
    print(f"kti-scan: {acc['thread_functions']} thread functions ({verdicts}); "
          f"{acc['creation_sites']} creation sites: {acc['resolved']} resolved, "
          f"{acc['unresolved']} unresolved; {acc['failed_files']} files failed")
    print(f"kti-scan: {inv.files_prefiltered}+{len(inv.files_second_phase)} files "
          f"({len(inv.files_untracked)} untracked searched), "
          f"spatch ran on {stats.files_spatch_ran}, {stats.cache_hits} cache hits, "
          f"{1 + stats.extra_greps} git grep(s), "
          f"{stats.seconds:.1f} s ("
          + ", ".join(f"{k} {v:.1f} s" for k, v in stats.phases.items()) + ")")
    print(f"kti-scan: reports in {args.out}")
    return 0
