# SPDX-License-Identifier: GPL-2.0
"""Read a unified diff: which files it changes and which lines of each, before and after.

The gates look at the functions a patch changes; those are the functions whose line
ranges contain a removed line (in the old file) or an added line (in the new file).
"""
import hashlib
import re
from dataclasses import dataclass, field
from typing import Dict, List, Set

_HUNK = re.compile(r"^@@ -(?P<old>\d+)(?:,(?P<old_len>\d+))? \+(?P<new>\d+)(?:,(?P<new_len>\d+))? @@")


@dataclass
class FileChange:
    """One file of a diff: its path and the changed line numbers on each side."""

    old_path: str
    new_path: str
    removed: Set[int] = field(default_factory=set)
    added: Set[int] = field(default_factory=set)

    @property
    def path(self) -> str:
        return self.new_path if self.new_path != "/dev/null" else self.old_path


class PatchFormatError(ValueError):
    """Not a -p1 unified diff this module can read."""


def _strip_prefix(name: str, prefix: str) -> str:
    name = name.split("\t", 1)[0].strip()
    if name == "/dev/null":
        return name
    if not name.startswith(prefix):
        raise PatchFormatError(f"diff path {name!r} lacks the {prefix!r} prefix of -p1")
    return name[len(prefix):]


def parse(patch: str) -> List[FileChange]:
    """The files of a unified diff in order, with their changed lines."""
    changes: List[FileChange] = []
    lines = patch.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("--- ") and index + 1 < len(lines) and lines[index + 1].startswith("+++ "):
            changes.append(FileChange(_strip_prefix(line[4:], "a/"),
                                      _strip_prefix(lines[index + 1][4:], "b/")))
            index += 2
            continue
        match = _HUNK.match(line)
        if match:
            if not changes:
                raise PatchFormatError("hunk before any file header")
            index = _read_hunk(lines, index + 1, match, changes[-1])
            continue
        index += 1
    if not changes:
        raise PatchFormatError("no file in the patch")
    return changes


def _read_hunk(lines: List[str], index: int, match: "re.Match[str]", change: FileChange) -> int:
    old_line, new_line = int(match["old"]), int(match["new"])
    old_left = int(match["old_len"]) if match["old_len"] is not None else 1
    new_left = int(match["new_len"]) if match["new_len"] is not None else 1
    while (old_left > 0 or new_left > 0) and index < len(lines):
        line = lines[index]
        index += 1
        if line.startswith("\\"):
            continue
        tag = line[:1]
        if tag == "-":
            change.removed.add(old_line)
            old_line += 1
            old_left -= 1
        elif tag == "+":
            change.added.add(new_line)
            new_line += 1
            new_left -= 1
        elif tag in (" ", ""):
            old_line += 1
            new_line += 1
            old_left -= 1
            new_left -= 1
        else:
            raise PatchFormatError(f"unexpected line in a hunk: {line[:60]!r}")
    if old_left > 0 or new_left > 0:
        raise PatchFormatError("truncated hunk")
    return index


def by_path(patch: str) -> Dict[str, FileChange]:
    return {change.path: change for change in parse(patch)}


def digest(patch: str) -> str:
    """sha256 of the patch text: the unit's part of every cache key."""
    return hashlib.sha256(patch.encode("utf-8", "surrogateescape")).hexdigest()
