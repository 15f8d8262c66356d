# SPDX-License-Identifier: GPL-2.0
"""Read each tree file once and keep what the text helpers derive from it.

The resolver, the cross-check and the HTML excerpts all look at the same few hundred files;
masking and finding function spans costs more than reading, so both are memoised per path.
"""
import re
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from . import ctext


class Sources:
    """Lazy, memoised views of tree files (None when a file cannot be read)."""

    def __init__(self, tree: Path):
        self.tree = tree
        self._text: Dict[str, Optional[str]] = {}
        self._masked: Dict[str, str] = {}
        self._spans: Dict[str, List[ctext.FunctionSpan]] = {}
        self._starts: Dict[str, List[int]] = {}

    def text(self, path: str) -> Optional[str]:
        if path not in self._text:
            try:
                self._text[path] = (self.tree / path).read_text(errors="replace")
            except OSError:
                self._text[path] = None
        return self._text[path]

    def masked(self, path: str) -> str:
        if path not in self._masked:
            self._masked[path] = ctext.mask(self.text(path) or "")
        return self._masked[path]

    def spans(self, path: str) -> List[ctext.FunctionSpan]:
        if path not in self._spans:
            self._spans[path] = ctext.function_spans(self.masked(path))
        return self._spans[path]

    def starts(self, path: str) -> List[int]:
        if path not in self._starts:
            self._starts[path] = ctext.line_starts(self.text(path) or "")
        return self._starts[path]

    def function_at(self, path: str, line: int, col: int = 0) -> Optional[ctext.FunctionSpan]:
        offset = ctext.offset_of(self.starts(path), line, col)
        return ctext.enclosing(self.spans(path), offset) if offset >= 0 else None

    def is_static(self, path: str, line: int, col: int) -> Optional[bool]:
        """Whether the definition whose name starts at (line, col) is declared static.

        Reads the declaration back to the previous `;`, `}` or `{`, so a return type on the
        line before (`static int\nname(void *p)`) counts.  None when the file is unreadable.
        """
        if self.text(path) is None:
            return None
        offset = ctext.offset_of(self.starts(path), line, col)
        if offset < 0:
            return None
        masked = self.masked(path)
        start = max(masked.rfind(";", 0, offset), masked.rfind("}", 0, offset),
                    masked.rfind("{", 0, offset))
        head = masked[start + 1:offset]
        head = "\n".join(l for l in head.splitlines() if not l.lstrip().startswith("#"))
        return re.search(r"\bstatic\b", head) is not None

    def macro_at(self, path: str, line: int) -> Optional[Tuple[str, List[str]]]:
        """(name, parameters) of the #define that line belongs to, or None."""
        lines = (self.text(path) or "").splitlines()
        if not 0 < line <= len(lines):
            return None
        start = line
        while start > 1 and lines[start - 2].rstrip().endswith("\\"):
            start -= 1
        match = re.match(r"\s*#\s*define\s+([A-Za-z_]\w*)(\(([^)]*)\))?", lines[start - 1])
        if not match:
            return None
        params = [p.strip() for p in (match.group(3) or "").split(",") if p.strip()]
        return match.group(1), params

    def function_end_line(self, path: str, line: int) -> int:
        """Closing-brace line of the function defined at `line` (line itself if unknown)."""
        offset = ctext.offset_of(self.starts(path), line)
        for span in self.spans(path):
            if span.body_open >= offset:
                return ctext.line_of(self.starts(path), span.body_close)[0]
        return line
