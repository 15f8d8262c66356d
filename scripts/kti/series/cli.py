# SPDX-License-Identifier: GPL-2.0
"""Command line of scripts/kti-patches (make patches): see scripts/kti/README.md."""
import argparse
import sys
from pathlib import Path
from typing import List, Optional

from . import conversions, outdir, pages, pipeline
from .errors import PatchesError
from .model import count

PROJECT = Path(__file__).resolve().parents[3]
EXIT_CHECKS_FAILED = 1
EXIT_BAD_INPUT = 2


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def request_from(args: argparse.Namespace) -> pipeline.Request:
    tree = args.tree.resolve()
    reports = args.reports or PROJECT / "reports" / tree.name
    conv = args.conversions or reports / "conversions.json"
    out = args.out or PROJECT / "build" / "patches" / tree.name
    if _inside(out, tree):
        raise PatchesError(f"--out {out} is inside the kernel tree {tree}: choose a folder "
                           "outside it")
    if args.unit_patches:
        diff_of = conversions.diffs_from_folder(args.unit_patches)
    elif not args.branch and conversions.report_has_patches(conversions.load(conv)):
        diff_of = conversions.diff_from_report
    else:
        branch = args.branch or conversions.load(conv).get("branch")
        if not branch:
            raise PatchesError(f"{conv} names no branch: pass --branch or --unit-patches")
        diff_of = conversions.diffs_from_branch(tree, branch)
    return pipeline.Request(
        tree=tree, conversions=conv, diff_of=diff_of, core_dir=args.core, out=out,
        reports=reports,
        cocci_root=args.cocci_root, project=PROJECT, work=PROJECT / "build" / "patches-work",
        core_link=args.core_link, run_checks=not args.no_checks)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="kti-patches",
        description="Write the verified conversions as one git format-patch series per "
                    "MAINTAINERS entry, signed with your git identity, and check them.")
    parser.add_argument("--tree", type=Path, required=True, help="the kernel tree (KSRC)")
    parser.add_argument("--conversions", type=Path,
                        help="conversions.json (default reports/TREE/conversions.json)")
    parser.add_argument("--branch", help="branch of make convert in the tree to take the "
                        "diffs from (default: the patches conversions.json holds, else the "
                        "branch it names)")
    parser.add_argument("--unit-patches", type=Path,
                        help="folder with UNIT-STEM.patch per unit instead of a branch")
    parser.add_argument("--core", type=Path, default=PROJECT / "kernel-patches",
                        help="the core series (series file and patches)")
    parser.add_argument("--cocci-root", type=Path, default=PROJECT,
                        help="where the units' semantic patch paths are relative to")
    parser.add_argument("--out", type=Path, help="output folder (default build/patches/TREE)")
    parser.add_argument("--reports", type=Path, help="report folder (default reports/TREE)")
    parser.add_argument("--core-link", help="URL of the posted core series (Link: trailer)")
    parser.add_argument("--no-checks", action="store_true",
                        help="skip git am, checkpatch and b4 (they run by default)")
    args = parser.parse_args(argv)
    try:
        request = request_from(args)
        outdir.check_owned(request.out)
        outdir.check_owned(request.reports / pages.SERIES_FOLDER)
        pipeline.load_inventory(request.reports)
        result = pipeline.run(request)
        outdir.write_folder(request.out, result.files)
        written = pages.write_pages(request.reports, result, request.out, request.tree)
    except PatchesError as err:
        print(f"kti-patches: error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    patches = sum(len(ws.patches) for ws in result.written)
    print(f"kti-patches: {len(result.written)} series, {count(patches, 'patch')} in {request.out}, "
          f"signed by {result.who}")
    failed = False
    if request.run_checks:
        for tool in ("git am", "checkpatch --strict", "b4 am"):
            ok, total = pipeline.count_passing(result, tool)
            unit = "patches" if tool.startswith("checkpatch") else "series"
            print(f"  {tool}: {ok} of {total} {unit} pass")
            failed |= ok != total
    for ws, page in zip(result.written, written):
        print(f"  {ws.series.slug}/{ws.cover_file}: {ws.series.section}, "
              f"{count(len(ws.patches), 'patch')}; review page {page}")
    return EXIT_CHECKS_FAILED if failed else 0
