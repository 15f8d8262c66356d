# SPDX-License-Identifier: GPL-2.0
"""Write a folder make patches owns, replacing only what it wrote before.

The folder's MANIFEST lists every entry make patches put there.  A folder that exists
without it, or holds an entry the manifest does not list (a file someone added), is never
touched: the run stops naming it.  The new content is written to a staging folder next
to the target and swapped in only when complete, so a failed run leaves the old one.
"""
from pathlib import Path
from typing import Dict

from ..output import write_reports
from .errors import PatchesError

MANIFEST = "MANIFEST"
HEADER = "# written by kthread-iterant make patches; every entry it may replace\n"


def check_owned(target: Path) -> None:
    """PatchesError unless target is absent, empty, or exactly what we wrote last time."""
    if not target.exists():
        return
    if not target.is_dir():
        raise PatchesError(f"{target} exists and is not a folder: not overwriting it")
    entries = sorted(p.name for p in target.iterdir())
    if not entries:
        return
    manifest = target / MANIFEST
    if not manifest.is_file() or not manifest.read_text().startswith(HEADER):
        raise PatchesError(f"{target} exists and was not written by make patches "
                           f"(no {MANIFEST}): choose another folder or move it away")
    listed = set(manifest.read_text().splitlines()[1:]) | {MANIFEST}
    foreign = [name for name in entries if name not in listed]
    if foreign:
        raise PatchesError(f"{target} holds {', '.join(foreign)}, which make patches did "
                           "not write: not overwriting the folder")


def write_folder(target: Path, files: Dict[str, str]) -> None:
    """Replace target with exactly files (relative path -> text) plus the MANIFEST."""
    check_owned(target)
    tops = sorted({name.split("/", 1)[0] for name in files})
    write_reports(target, {**files, MANIFEST: HEADER + "".join(f"{t}\n" for t in tops)})
