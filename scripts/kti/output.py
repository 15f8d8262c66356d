# SPDX-License-Identifier: GPL-2.0
"""Write a set of report files so that readers never see a half-written set.

All files go to a fresh temporary directory next to the target; only when every file is
written does the directory take the target's place (the old one is moved aside first, and
removed after; if the swap fails it is moved back).  A failure while writing leaves the
previous reports untouched and no temporary directory behind.
"""
import os
import shutil
import tempfile
from pathlib import Path
from typing import Dict, Optional, Sequence


def write_reports(out_dir: Path, files: Dict[str, str], keep: Sequence[str] = ()) -> None:
    """Replace out_dir with a directory holding exactly `files` (relative path -> text),
    plus copies of the entries of the old out_dir named in keep (files others wrote)."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    aside: Optional[Path] = None
    try:
        for name, text in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            with open(staging / name, "w", encoding="utf-8") as handle:
                handle.write(text)
        for name in keep:
            old = out_dir / name
            if name in files or not old.exists():
                continue
            if old.is_dir():
                shutil.copytree(old, staging / name)
            else:
                shutil.copy2(old, staging / name)
        for folder in [staging, *(p for p in staging.rglob("*") if p.is_dir())]:
            os.chmod(folder, 0o755)
        if out_dir.exists():
            aside = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
            os.rename(out_dir, aside / "previous")
        os.rename(staging, out_dir)
    except BaseException:
        if aside is not None and not out_dir.exists() and (aside / "previous").exists():
            os.rename(aside / "previous", out_dir)
        shutil.rmtree(staging, ignore_errors=True)
        if aside is not None:
            shutil.rmtree(aside, ignore_errors=True)
        raise
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)
