# SPDX-License-Identifier: GPL-2.0
"""Write a folder make patches owns, replacing only what it wrote before.

The folder's MANIFEST lists every entry make patches put there.  A folder that exists
without it, or holds an entry the manifest does not list (a file someone added), is never
touched: the run stops naming it.  The new content is written to a staging folder next
to the target and swapped in only when complete, so a failed run leaves the old one.
"""
import os
import shutil
import tempfile
from pathlib import Path
from typing import Dict, Optional

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
    _replace_folder(target, {**files, MANIFEST: HEADER + "".join(f"{t}\n" for t in tops)})


def _replace_folder(target: Path, files: Dict[str, str]) -> None:
    """Write files into a staging folder beside target, then swap it in; on any failure
    the old folder stays and the staging folder goes."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    aside: Optional[Path] = None
    try:
        for name, text in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_text(text, encoding="utf-8")
        for folder in [staging, *(p for p in staging.rglob("*") if p.is_dir())]:
            os.chmod(folder, 0o755)
        if target.exists():
            aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            os.rename(target, aside / "previous")
        os.rename(staging, target)
    except BaseException:
        if aside is not None and not target.exists() and (aside / "previous").exists():
            os.rename(aside / "previous", target)
        shutil.rmtree(staging, ignore_errors=True)
        if aside is not None:
            shutil.rmtree(aside, ignore_errors=True)
        raise
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)
