# SPDX-License-Identifier: GPL-2.0
"""Answer the resolver's tree-wide greps from the prefilter's single git grep.

Every `git grep` over a kernel tree stats and reads ~80k files; on a busy two-core machine
that is seconds each, and a scan needs up to four (prefilter, wrapper callers at two levels,
second-phase definitions).  The extra words those later greps look for (wrapper names,
thread functions defined elsewhere) rarely change between scans, so they are remembered in
the cache directory and added to the prefilter's grep: a re-scan then answers the later
questions from lines found in the same, fresh grep.  Words not remembered yet are grepped
for on demand and remembered for next time.  Nothing stale can leak in: remembered words
only choose what the one fresh grep looks for.
"""
import json
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterable, List, Optional, Set, Tuple

from . import gitgrep

Line = Tuple[str, int, str]


class GrepMemo:
    """Lines of one tree grep, extendable with more words on demand."""

    def __init__(self, tree: Path, pathspec: Tuple[str, ...], memo_file: Optional[Path]):
        self.tree = tree
        self.pathspec = pathspec
        self.memo_file = memo_file
        self.covered: Set[str] = set()
        self.lines: List[Line] = []
        self.used: Set[str] = set()
        self.extra_greps = 0
        # Listing untracked files walks the tree: do it while the first grep runs.
        pool = ThreadPoolExecutor(max_workers=1)
        self._untracked = pool.submit(gitgrep.untracked_files, tree, pathspec)
        pool.shutdown(wait=False)

    @property
    def untracked(self) -> List[str]:
        """The untracked, not ignored files of the pathspec: searched like tracked ones."""
        return self._untracked.result()

    def remembered_words(self) -> List[str]:
        if self.memo_file is None:
            return []
        try:
            words = json.loads(self.memo_file.read_text())
        except (OSError, ValueError):
            return []
        if not isinstance(words, list):
            return []
        return [w for w in words if isinstance(w, str) and w]

    def grep(self, words: Iterable[str]) -> List[Line]:
        """git grep for words (plus remembered ones); returns the lines of `words` only."""
        wanted = set(words)
        self._add(wanted | set(self.remembered_words()))
        return self._lines_for(wanted)

    def _add(self, words: Set[str]) -> None:
        new = sorted(words - self.covered)
        if not new:
            return
        if self.covered:
            self.extra_greps += 1
        self.lines += gitgrep.lines_with_any(self.tree, new, self.pathspec)
        self.lines += gitgrep.lines_in_files(self.tree, new, self.untracked)
        self.covered |= set(new)

    def _lines_for(self, words: Set[str]) -> List[Line]:
        seen = set()
        found = []
        for line in self.lines:
            key = (line[0], line[1])
            if key not in seen and any(word in line[2] for word in words):
                seen.add(key)
                found.append(line)
        return found

    def lines_with_any(self, words: Iterable[str]) -> List[Line]:
        """Lines containing any of words (fixed strings), grepping only what is new."""
        wanted = set(words)
        self.used |= wanted
        self._add(wanted)
        return self._lines_for(wanted)

    def files_with_any(self, words: Iterable[str]) -> List[str]:
        return sorted({path for path, _line, _text in self.lines_with_any(words)})

    def save(self) -> None:
        """Remember the words asked for after the first grep, for the next scan."""
        if self.memo_file is None:
            return
        try:
            self.memo_file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.memo_file.parent, prefix=".tmp-")
            with os.fdopen(fd, "w") as handle:
                json.dump(sorted(self.used), handle)
            os.replace(tmp, self.memo_file)
        except OSError:
            pass
