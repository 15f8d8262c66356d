# SPDX-License-Identifier: GPL-2.0
"""Map tree files to MAINTAINERS subsystems, most specific F: pattern wins.

A conversion series goes out one patch per subsystem, so every kthread is tagged with the
MAINTAINERS section that owns its file.  Pattern semantics follow get_maintainer.pl:
`dir/` covers everything below dir, `dir/*` only files directly in dir, shell globs match
within one path component, and a pattern naming a directory without the slash covers it too.
X: patterns exclude.  When several sections match, the one whose matching pattern is deepest
(most path components, then longest) wins, so "DRM DRIVER FOR X" beats "DRM DRIVERS" and both
beat "THE REST".
"""
import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

UNKNOWN = "(no MAINTAINERS entry)"


@dataclass
class Section:
    """One MAINTAINERS entry: its title and its F:/X: patterns."""
    name: str
    files: List[str] = field(default_factory=list)
    excludes: List[str] = field(default_factory=list)


def parse(text: str) -> List[Section]:
    """Sections of a MAINTAINERS file; the preamble (before the first entry) is skipped."""
    sections: List[Section] = []
    current: Optional[Section] = None
    previous_blank = True
    for line in text.splitlines():
        tag = re.match(r"^([A-Z]):\s*(.*?)\s*$", line)
        if tag and current is not None:
            if tag.group(1) == "F":
                current.files.append(tag.group(2))
            elif tag.group(1) == "X":
                current.excludes.append(tag.group(2))
        elif line.strip() and not tag and previous_blank:
            current = Section(line.strip())
            sections.append(current)
        previous_blank = not line.strip()
    return [s for s in sections if s.files]


def _pattern_matches(pattern: str, path: str) -> bool:
    if pattern.endswith("/"):
        return path.startswith(pattern) or fnmatch.fnmatchcase(
            "/".join(path.split("/")[:pattern.count("/")]) + "/", pattern)
    if any(ch in pattern for ch in "*?["):
        if pattern.count("/") != path.count("/"):
            # "dir/*" matches files directly in dir only; deeper paths need their own pattern.
            return False
        return fnmatch.fnmatchcase(path, pattern)
    return path == pattern or path.startswith(pattern + "/")


def _specificity(pattern: str) -> Tuple[int, int, int]:
    literal = re.split(r"[*?\[]", pattern)[0]
    exact = 0 if any(ch in pattern for ch in "*?[") or pattern.endswith("/") else 1
    return (literal.count("/") + exact, exact, len(literal))


def _literal_prefix(pattern: str) -> str:
    return re.split(r"[*?\[]", pattern)[0]


class Maintainers:
    """Answers "which subsystem owns this file?" with a per-path memo.

    Patterns are bucketed by the directory part of their literal (wildcard-free) prefix,
    so a lookup only tries the patterns that can match one of the path's ancestors
    (MAINTAINERS has ~20k F: lines; trying them all per file cost seconds per scan).
    """

    def __init__(self, sections: List[Section]):
        self.sections = sections
        self._memo: Dict[str, str] = {}
        self._buckets: Dict[str, List[Tuple[str, int, bool]]] = {}
        for index, section in enumerate(sections):
            for pattern, exclude in ([(p, False) for p in section.files]
                                     + [(x, True) for x in section.excludes]):
                literal = _literal_prefix(pattern)
                directory = literal.rsplit("/", 1)[0] if "/" in literal else ""
                self._buckets.setdefault(directory, []).append((pattern, index, exclude))

    @classmethod
    def from_tree(cls, tree: Path) -> "Maintainers":
        try:
            text = (tree / "MAINTAINERS").read_text(errors="replace")
        except OSError:
            return cls([])
        return cls(parse(text))

    def _candidates(self, path: str) -> List[Tuple[str, int, bool]]:
        parts = path.split("/")
        found: List[Tuple[str, int, bool]] = list(self._buckets.get("", []))
        for depth in range(1, len(parts) + 1):
            found += self._buckets.get("/".join(parts[:depth]), [])
        return found

    def subsystem(self, path: str) -> str:
        """The most specific section name for a tree-relative path, or UNKNOWN."""
        if path in self._memo:
            return self._memo[path]
        excluded = set()
        matches = []
        for pattern, index, exclude in self._candidates(path):
            if _pattern_matches(pattern, path):
                if exclude:
                    excluded.add(index)
                else:
                    matches.append((_specificity(pattern), -index))
        best = max((m for m in matches if -m[1] not in excluded), default=None)
        self._memo[path] = self.sections[-best[1]].name if best else UNKNOWN
        return self._memo[path]
