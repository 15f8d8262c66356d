# SPDX-License-Identifier: GPL-2.0
"""Which lines of a file `spatch --parse-c` cannot parse.

For every parse error spatch prints `= File "F", line N, ...`, then the region it gave up on
as consecutive source lines, `bad: ` for each and `BAD:!!!!! ` for line N.  The region is
mapped back to line numbers (checked against the file's own lines); when the printed text
does not match the file, only line N is counted.
"""
import hashlib
import re
import subprocess
from pathlib import Path
from typing import List, Optional, Set

from .. import ctext
from ..spatch import Spatch
from .store import JsonStore

_ERROR_AT = re.compile(r'^ = File "[^"]*", line (?P<line>\d+)')
_BAD = "bad: "
_WORST = "BAD:!!!!! "


class ParseCFailed(Exception):
    """spatch --parse-c crashed or timed out on the file."""


def bad_lines(output: str, source_lines: List[str]) -> Set[int]:
    """Line numbers (1-based) of every unparsable region in spatch --parse-c output."""
    bad: Set[int] = set()
    error_line: Optional[int] = None
    region: List[str] = []
    worst_at = -1

    def flush() -> None:
        if error_line is None:
            return
        if worst_at < 0:
            bad.add(error_line)
            return
        first = error_line - worst_at
        matches = all(0 < first + i <= len(source_lines)
                      and source_lines[first + i - 1].strip() == text.strip()
                      for i, text in enumerate(region))
        if matches:
            bad.update(range(first, first + len(region)))
        else:
            bad.add(error_line)

    for line in output.splitlines():
        match = _ERROR_AT.match(line)
        if match:
            flush()
            error_line, region, worst_at = int(match["line"]), [], -1
            continue
        if error_line is None:
            continue
        if line.startswith(_WORST):
            worst_at = len(region)
            region.append(line[len(_WORST):])
        elif line.startswith(_BAD) or line == _BAD.rstrip():
            region.append(line[len(_BAD):])
    flush()
    return bad


def parse_c(spatch: Spatch, options: List[str], directory: Path, path: str, timeout: int,
            memo: Optional[JsonStore] = None) -> Set[int]:
    """Bad lines of directory/path (run in directory, with the detector's options); with
    memo, remembered by the file's content (many units share the unconverted file)."""
    text = (directory / path).read_text(errors="replace")
    key = ["parse-c", spatch.version_text, *options,
           hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()]
    known = memo.get(key) if memo is not None else None
    if known is not None:
        return set(known)
    try:
        proc = subprocess.run([spatch.path, "--parse-c", *options, path], cwd=str(directory),
                              capture_output=True, text=True, errors="replace",
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ParseCFailed(f"spatch --parse-c did not finish within {timeout} s") from exc
    if proc.returncode != 0:
        raise ParseCFailed(f"spatch --parse-c exit {proc.returncode}: "
                           f"{proc.stderr.strip().splitlines()[-1:] or ''}")
    bad = bad_lines(proc.stdout + proc.stderr, ctext.split_lines(text))
    if memo is not None:
        memo.put(key, sorted(bad))
    return bad
