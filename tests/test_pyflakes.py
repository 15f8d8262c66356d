# SPDX-License-Identifier: GPL-2.0
"""pyflakes over the project's Python: an undefined name or an unused import fails here,
not at a user's first run (a merge once left `List` unimported in pipeline.py)."""
import unittest
from pathlib import Path
from typing import List

from pyflakes import api, messages, reporter

ROOT = Path(__file__).resolve().parents[1]
PATHS = [ROOT / "scripts", ROOT / "tests"]


class Collector(reporter.Reporter):
    def __init__(self) -> None:
        super().__init__(None, None)
        self.found: List[str] = []

    def unexpectedError(self, filename, msg) -> None:
        self.found.append(f"{filename}: {msg}")

    def syntaxError(self, filename, msg, lineno, offset, text) -> None:
        self.found.append(f"{filename}:{lineno}: {msg}")

    def flake(self, message) -> None:
        # An import kept for its side effect says so with "noqa: ...F401" on its line.
        if isinstance(message, messages.UnusedImport):
            line = Path(message.filename).read_text().splitlines()[message.lineno - 1]
            if "F401" in line:
                return
        self.found.append(str(message))


class PyflakesTest(unittest.TestCase):
    def test_no_messages(self):
        collector = Collector()
        api.checkRecursive([str(p) for p in PATHS], collector)
        self.assertEqual(collector.found, [])

    def test_an_undefined_name_is_found(self):
        collector = Collector()
        api.check("from typing import Optional\n\n\ndef f() -> Optional[List[int]]:\n"
                  "    return None\n", "example.py", collector)
        self.assertEqual(len(collector.found), 1)
        self.assertIn("undefined name 'List'", collector.found[0])


if __name__ == "__main__":
    unittest.main()
