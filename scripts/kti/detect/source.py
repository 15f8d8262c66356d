# SPDX-License-Identifier: GPL-2.0
"""One C file as the detector reads it: text, macros, function spans, parsed bodies.

The text is read as latin-1, so every offset is a byte offset and every column a byte
column, as spatch counts them.
"""
from typing import Dict, List, Optional

from ..ctext.functions import FunctionSpan, function_spans
from ..ctext.macros import Macro, read_macros
from ..ctext.mask import mask
from ..ctext.positions import line_of, line_starts, offset_of
from .body import ThreadBody

#: A position in facts: [line, col, offset].
Position = List[int]


class SourceFile:
    """Lazy views of one file's text; bodies are parsed once."""

    def __init__(self, path: str, text: str):
        self.path = path
        self.text = text
        self._starts: Optional[List[int]] = None
        self._macros: Optional[Dict[str, Macro]] = None
        self._spans: Optional[List[FunctionSpan]] = None
        self._bodies: Dict[int, ThreadBody] = {}

    @classmethod
    def read(cls, path: str) -> "SourceFile":
        """The file at path; an unreadable file reads as empty."""
        try:
            with open(path, encoding="latin-1") as src:
                return cls(path, src.read())
        except OSError:
            return cls(path, "")

    @property
    def starts(self) -> List[int]:
        if self._starts is None:
            self._starts = line_starts(self.text)
        return self._starts

    @property
    def macros(self) -> Dict[str, Macro]:
        if self._macros is None:
            self._macros = read_macros(self.text)
        return self._macros

    @property
    def spans(self) -> List[FunctionSpan]:
        if self._spans is None:
            self._spans = function_spans(mask(self.text))
        return self._spans

    def offset(self, line: int, col: int) -> int:
        return offset_of(self.starts, line, col)

    def position(self, offset: int) -> Position:
        line, col = line_of(self.starts, offset)
        return [line, col, offset]

    def body(self, name_offset: int) -> ThreadBody:
        """The parsed function whose name starts at name_offset."""
        if name_offset not in self._bodies:
            self._bodies[name_offset] = ThreadBody(self, name_offset)
        return self._bodies[name_offset]

    def body_at(self, line: int, col: int) -> ThreadBody:
        return self.body(self.offset(line, col))

    def definition(self, name: str) -> Optional[ThreadBody]:
        """The body of the last function of that name defined in the file, if any."""
        found = [span for span in self.spans if span.name == name and span.name_offset >= 0]
        return self.body(found[-1].name_offset) if found else None
