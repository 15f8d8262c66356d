#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Run every tests/test_*.py like `python3 -m unittest discover -s tests -t . -v`, then
end with a summary naming each skipped test and why, so a skip is never mistaken for a pass.

The tests read the kernel tree named by $KSRC (the Makefile passes its own KSRC).  An
argument names another folder of tests (the runner's own test uses it).
"""
import sys
import unittest
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parents[1]


def main(argv: List[str]) -> int:
    start, top = (argv[0], argv[0]) if argv else (str(ROOT / "tests"), str(ROOT))
    suite = unittest.defaultTestLoader.discover(start, top_level_dir=top)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    print(f"test-python: {result.testsRun} run, {len(result.failures)} failed, "
          f"{len(result.errors)} errors, {len(result.skipped)} SKIPPED")
    for test, reason in result.skipped:
        print(f"test-python: SKIPPED {test.id()}: {reason}")
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
