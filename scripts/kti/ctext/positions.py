# SPDX-License-Identifier: GPL-2.0
"""Lines, line starts and (line, column) <-> offset conversions.

Lines are split at "\n" only, like grep and spatch count them (str.splitlines() would also
split at form feeds, which kernel sources contain).  Lines are 1-based, columns 0-based, and
offsets index the text as read (latin-1 text gives byte offsets).
"""
from itertools import accumulate
from typing import List, Tuple


def split_lines(text: str) -> List[str]:
    """The lines of text, without a trailing empty one."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def line_starts(text: str) -> List[int]:
    """Offsets at which each line starts (index 0 is line 1)."""
    lengths = map(len, text.split("\n")[:-1])
    return list(accumulate(map((1).__add__, lengths), initial=0))


def offset_of(starts: List[int], line: int, col: int = 0) -> int:
    """Offset of (line, col), or -1 when the line does not exist."""
    return starts[line - 1] + col if 0 < line <= len(starts) else -1


def line_of(starts: List[int], offset: int) -> Tuple[int, int]:
    """(1-based line, 0-based column) of an offset."""
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1, offset - starts[lo]
