# SPDX-License-Identifier: GPL-2.0
"""Per-file result cache, so an unchanged re-scan costs seconds instead of minutes.

An entry is valid for one exact input: the key is the sha256 of the file's bytes, filed under
a directory named after the sha256 of the semantic patch, the spatch version and the command
options.  Editing a file changes its key; editing the .cocci or upgrading spatch changes the
directory, so stale entries are never read (delete build/scan-cache to reclaim the space).
Entries do not store paths, so a file renamed without change is still a hit.

Known limit: the headers a file includes are not part of the key; the detector works
per file, so a header change can only matter through spatch's type inference.

Writes go to a temporary file and os.replace(), so an interrupted scan never leaves a torn
entry; an entry that cannot be read, is not JSON, or lacks a key or has one of the wrong type
is a miss.
"""
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Optional

from .spatch import CRASHED, OK, TIMEOUT, FileResult

#: Bump when the entry layout or the meaning of facts changes.  2: batches run through
#: --file-groups; format 1 entries from command-line batches could miss a thread function.
#: 3: spatch's parse errors are kept.
CACHE_FORMAT = 3


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _is_report_line(item: object) -> bool:
    return (isinstance(item, dict) and isinstance(item.get("message"), str)
            and all(isinstance(item.get(k), int) for k in ("line", "col", "end_col")))


def _result_from(entry: object, path: str) -> Optional[FileResult]:
    """The FileResult an entry holds, or None for anything this code did not write."""
    if not isinstance(entry, dict) or entry.get("format") != CACHE_FORMAT:
        return None
    status, facts, report = entry.get("status"), entry.get("facts"), entry.get("report")
    parse_errors = entry.get("parse_errors")
    if (status not in (OK, CRASHED, TIMEOUT) or not isinstance(entry.get("message"), str)
            or not isinstance(entry.get("timeout"), int)
            or not isinstance(parse_errors, list)
            or not all(isinstance(n, int) for n in parse_errors)
            or not isinstance(facts, list) or not all(isinstance(f, dict) for f in facts)
            or not isinstance(report, list) or not all(map(_is_report_line, report))):
        return None
    return FileResult(path, status, facts, report, entry["message"],
                      parse_errors=parse_errors)


class ResultCache:
    """Content-addressed store of FileResult objects under one detector context."""

    def __init__(self, root: Path, cocci_text: bytes, spatch_version: str, options: str):
        context = sha256_bytes(b"\0".join([
            str(CACHE_FORMAT).encode(), sha256_bytes(cocci_text).encode(),
            spatch_version.encode(), options.encode()]))
        self.root = root
        self.directory = root / context[:24]
        self.hits = 0
        self.misses = 0

    def _entry(self, content_sha: str) -> Path:
        return self.directory / content_sha[:2] / f"{content_sha}.json"

    def get(self, path: str, content_sha: str, timeout: int) -> Optional[FileResult]:
        """The cached result for this content, or None.

        A cached timeout only counts when the new per-file timeout is not longer: a user who
        raises --timeout wants the file tried again.
        """
        try:
            entry = json.loads(self._entry(content_sha).read_text())
        except (OSError, ValueError):
            entry = None
        result = _result_from(entry, path)
        if result is None or (result.status == TIMEOUT and timeout > entry["timeout"]):
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, content_sha: str, result: FileResult, timeout: int) -> None:
        """Store atomically; a cache that cannot be written only costs speed, never results."""
        entry = {"format": CACHE_FORMAT, "status": result.status, "facts": result.facts,
                 "report": result.report, "message": result.message, "timeout": timeout,
                 "parse_errors": result.parse_errors}
        target = self._entry(content_sha)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w") as handle:
                json.dump(entry, handle, separators=(",", ":"))
            os.replace(tmp, target)
        except OSError:
            pass
