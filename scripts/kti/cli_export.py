# SPDX-License-Identifier: GPL-2.0
"""Command line of scripts/kti-export-series: sign and number kernel-patches/ into OUT."""
import argparse
import sys
from pathlib import Path
from typing import List, Optional

from .boot.errors import RigError
from .boot.series import read_series
from .export import COVER_LETTER, ExportError, export_series, exporter_identity

PROJECT = Path(__file__).resolve().parents[2]


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="kti-export-series",
        description="Write kernel-patches/ as a numbered git format-patch series with a "
                    "cover letter, From: and Signed-off-by of your git identity.")
    parser.add_argument("--out", type=Path, required=True,
                        help="directory to write (must not exist or be empty)")
    parser.add_argument("--patches", type=Path, default=PROJECT / "kernel-patches",
                        help="directory with the series file and the patches")
    args = parser.parse_args(argv)
    try:
        who = exporter_identity(Path.cwd())
        patches = read_series(args.patches)
        if not patches:
            raise ExportError(f"{args.patches / 'series'} lists no patches")
        written = export_series(patches, args.patches / COVER_LETTER, args.out, who)
    except (ExportError, RigError) as err:
        print(f"kti-export-series: error: {err}", file=sys.stderr)
        return 2
    print(f"kti-export-series: {len(written)} files signed by {who} in {args.out}")
    return 0
