# SPDX-License-Identifier: GPL-2.0
"""Read kernel-patches/series: the ordered list of patch files the rig applies.

Quilt conventions: one file name per line, `#` starts a comment, blank lines are ignored.
Every listed file must exist, so a typo fails here with its line number instead of as a
confusing `git apply` error later.
"""
from pathlib import Path
from typing import List

from .errors import RigError


def parse_series_text(text: str) -> List[str]:
    """Return the patch names listed in a series file's text, in order."""
    names: List[str] = []
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        if len(entry.split()) != 1:
            raise RigError(f"series: patch options are not supported: {line.strip()!r}")
        names.append(entry)
    return names


def read_series(patch_dir: Path) -> List[Path]:
    """Return the patches listed in patch_dir/series; a missing series file means none.

    Raises RigError naming the first listed patch that does not exist or is listed twice.
    """
    series_file = patch_dir / "series"
    if not series_file.exists():
        return []
    patches: List[Path] = []
    seen = set()
    for name in parse_series_text(series_file.read_text()):
        if name in seen:
            raise RigError(f"{series_file}: {name} is listed twice")
        seen.add(name)
        path = patch_dir / name
        if not path.is_file():
            raise RigError(f"{series_file}: listed patch {name} does not exist")
        patches.append(path)
    return patches
