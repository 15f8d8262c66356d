# SPDX-License-Identifier: GPL-2.0
"""A small content-addressed JSON cache: the key is a list of strings (every input that
decides the value), stored under the sha256 of the list.  Writes are atomic (sources.write_json);
an unreadable entry is a miss.  Delete the folder to drop everything.
"""
import hashlib
import json
from pathlib import Path
from typing import Any, Optional, Sequence

from ..sources import write_json

#: Bump when the meaning of stored values changes.
STORE_FORMAT = "1"


class JsonStore:
    def __init__(self, root: Path):
        self.root = root
        self.hits = 0
        self.misses = 0

    def _entry(self, key: Sequence[str]) -> Path:
        digest = hashlib.sha256("\0".join([STORE_FORMAT, *key]).encode(
            "utf-8", "surrogateescape")).hexdigest()
        return self.root / digest[:2] / f"{digest}.json"

    def get(self, key: Sequence[str]) -> Optional[Any]:
        try:
            value = json.loads(self._entry(key).read_text())
        except (OSError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: Sequence[str], value: Any) -> None:
        write_json(self._entry(key), value)
