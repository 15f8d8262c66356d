# SPDX-License-Identifier: GPL-2.0
"""Read each tree file once and keep what the text helpers derive from it.

The resolver, the cross-check and the HTML excerpts all look at the same few hundred files;
masking and finding function spans costs more than reading, so both are memoised per path,
and function spans are also kept on disk by content hash (next to the scan cache), so a warm
re-scan does not recompute them for ~450 files.
"""
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from . import ctext
from .detect.source import SourceFile

#: Bump when function_spans() changes what it finds.
SPANS_FORMAT = 2


class Sources:
    """Lazy, memoised views of tree files (None when a file cannot be read)."""

    def __init__(self, tree: Path, cache_dir: Optional[Path] = None):
        self.tree = tree
        self.cache_dir = cache_dir / f"spans-v{SPANS_FORMAT}" if cache_dir else None
        self._text: Dict[str, Optional[str]] = {}
        self._masked: Dict[str, str] = {}
        self._spans: Dict[str, List[ctext.FunctionSpan]] = {}
        self._starts: Dict[str, List[int]] = {}
        self._lines: Dict[str, List[str]] = {}
        self._detector: Dict[str, SourceFile] = {}

    def detector_source(self, path: str) -> SourceFile:
        """The file as the detector reads it (latin-1: byte offsets and columns)."""
        if path not in self._detector:
            self._detector[path] = SourceFile.read(str(self.tree / path))
        return self._detector[path]

    def text(self, path: str) -> Optional[str]:
        if path not in self._text:
            try:
                self._text[path] = (self.tree / path).read_text(errors="replace")
            except OSError:
                self._text[path] = None
        return self._text[path]

    def lines(self, path: str) -> List[str]:
        if path not in self._lines:
            self._lines[path] = ctext.split_lines(self.text(path) or "")
        return self._lines[path]

    def masked(self, path: str) -> str:
        if path not in self._masked:
            self._masked[path] = ctext.mask(self.text(path) or "")
        return self._masked[path]

    def spans(self, path: str) -> List[ctext.FunctionSpan]:
        if path not in self._spans:
            entry = None
            text = self.text(path) or ""
            if self.cache_dir is not None:
                digest = hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()
                entry = self.cache_dir / digest[:2] / f"{digest}.json"
                try:
                    rows = json.loads(entry.read_text())
                    self._spans[path] = [ctext.FunctionSpan(*row) for row in rows]
                    return self._spans[path]
                except (OSError, ValueError, TypeError):
                    pass
            self._spans[path] = ctext.function_spans(self.masked(path))
            if entry is not None:
                write_json(entry, [[s.name, s.params, s.body_open, s.body_close,
                                     s.name_offset] for s in self._spans[path]])
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
        lines = self.lines(path)
        if not 0 < line <= len(lines):
            return None
        # The declaration: this line up to the name, plus the lines before it back to the
        # end of the previous declaration, comment or directive (kernel style puts the
        # return type at most a line or two above).
        head = [lines[line - 1][:col]]
        for number in range(line - 1, max(0, line - 4), -1):
            previous = lines[number - 1].strip()
            if (not previous or previous.endswith((";", "}", "{", "*/")) or
                    previous.startswith(("#", "//", "*", "/*"))):
                break
            head.append(previous)
        return re.search(r"\bstatic\b", " ".join(head)) is not None

    def macro_at(self, path: str, line: int) -> Optional[Tuple[str, List[str]]]:
        """(name, parameters) of the #define that line belongs to, or None."""
        macro = ctext.macro_at(self.lines(path), line)
        return (macro.name, macro.params or []) if macro else None

    def function_end_line(self, path: str, line: int) -> int:
        """Closing-brace line of the function defined at `line` (line itself if unknown)."""
        offset = ctext.offset_of(self.starts(path), line)
        for span in self.spans(path):
            if span.body_open >= offset:
                return ctext.line_of(self.starts(path), span.body_close)[0]
        return line


def write_json(target: Path, data: object) -> None:
    """Best-effort atomic write of a cache file; failure only costs speed."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        with os.fdopen(fd, "w") as handle:
            json.dump(data, handle, separators=(",", ":"))
        os.replace(tmp, target)
    except OSError:
        pass
