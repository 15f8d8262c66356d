# SPDX-License-Identifier: GPL-2.0
"""Subject prefixes ("dm delay", "mm/khugepaged"): the subsystem's habit, else the path.

From history: the subjects of the last HISTORY_DEPTH non-merge commits touching the
unit's files give one prefix each (the leading "tag: " parts, each at most three words
without quotes or brackets; reverts and merges give none); the most common one wins, the
most recent on a tie.  A tree without such commits (the Debian source tree has a single
baseline commit) falls back to the path of the unit's first file, first rule that matches:

  drivers/md/dm-X.c, drivers/md/dm-X/...   "dm X" ("-" becomes " ")  dm-log-writes -> dm log writes
  drivers/md/X/...                         "X"                       bcache
  drivers/md/X.c                           "md/X" ("md" for md.c)
  mm/X.c, mm/X/...                         "mm/X"
  fs/X/...                                 "X"                       jffs2, xfs
  fs/X.c                                   "fs"
  kernel/X.c                               "X"                       audit
  kernel/X/Y.c, kernel/X/.../Y             "X/Y", "X"                sched/psi
  net/X/...                                "net: X"
  sound/X/...                              "ALSA: X"
  arch/A/X/...                             "A/X"                     x86/kernel
  drivers/X/Y.c                            "X: Y"                    char: hw_random
  drivers/X/.../D/Y.c                      "X: D"                    scsi: qla2xxx
  anything else D/.../Y.c                  "D/Y"                     lib/test_firmware

A series' cover letter takes the longest common leading part of its patches' prefixes
("dm delay" and "dm log writes" give "dm"), or the first prefix when they share none.
"""
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import List, Optional, Sequence

HISTORY_DEPTH = 30
_TAG = re.compile(r"^[\w.+/-]+(?: [\w.+/-]+){0,2}$")
_PIECE = re.compile(r"(: |/| )")


def prefix_of_subject(subject: str) -> Optional[str]:
    """"dm delay: fix a race" -> "dm delay"; None when the subject has no prefix."""
    if subject.startswith(("Revert ", "Merge ")):
        return None
    parts = subject.split(": ")
    tags: List[str] = []
    for part in parts[:-1]:
        if not _TAG.match(part):
            break
        tags.append(part)
    return ": ".join(tags) or None


def prefix_from_history(subjects: Sequence[str]) -> Optional[str]:
    """The most common prefix of subjects (newest first); the newest wins a tie."""
    found = [p for p in (prefix_of_subject(s) for s in subjects) if p]
    if not found:
        return None
    counts = Counter(found)
    best = max(counts.values())
    return next(p for p in found if counts[p] == best)


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0]


def prefix_from_path(path: str) -> str:
    """The path rule documented above."""
    parts = path.split("/")
    dirs, stem = parts[:-1], _stem(parts[-1])
    top = dirs[0] if dirs else ""
    if dirs[:2] == ["drivers", "md"]:
        below = parts[2:]
        if below[0].startswith("dm-") or below[0] in ("dm.c", "dm"):
            return " ".join(["dm"] + _stem(below[0])[3:].split("-")).strip()
        return below[0] if len(below) > 1 else ("md" if stem == "md" else f"md/{stem}")
    if top == "mm":
        return f"mm/{parts[1] if len(dirs) > 1 else stem}"
    if top == "fs":
        return parts[1] if len(dirs) > 1 else "fs"
    if top == "kernel":
        if len(dirs) == 1:
            return stem
        return f"{parts[1]}/{stem}" if len(dirs) == 2 else parts[1]
    if top == "net" and len(dirs) > 1:
        return f"net: {parts[1]}"
    if top == "sound" and len(dirs) > 1:
        return f"ALSA: {parts[1]}"
    if top == "arch" and len(dirs) > 2:
        return f"{parts[1]}/{parts[2]}"
    if top == "drivers" and len(dirs) > 1:
        return f"{parts[1]}: {stem}" if len(dirs) == 2 else f"{parts[1]}: {dirs[-1]}"
    return f"{dirs[-1]}/{stem}" if dirs else stem


def recent_subjects(tree: Path, files: Sequence[str]) -> List[str]:
    proc = subprocess.run(["git", "-C", str(tree), "log", f"-n{HISTORY_DEPTH}", "--no-merges",
                           "--format=%s", "--", *files], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    return proc.stdout.splitlines() if proc.returncode == 0 else []


def unit_prefix(tree: Path, files: Sequence[str]) -> str:
    """History first, the path of files[0] when history says nothing."""
    return prefix_from_history(recent_subjects(tree, files)) or prefix_from_path(files[0])


def common_prefix(prefixes: Sequence[str]) -> str:
    """Longest common leading part, cut at ": ", "/" or " "; the first prefix if none."""
    pieces = [_PIECE.split(p) for p in prefixes]
    common: List[str] = []
    for column in zip(*pieces):
        if len(set(column)) != 1:
            break
        common.append(column[0])
    while common and _PIECE.fullmatch(common[-1]):
        common.pop()
    return "".join(common) or prefixes[0]
