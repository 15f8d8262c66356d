#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Converter fixtures: every tests/convert/NAME.c goes through the converter on its own.

The header comment of NAME.c says what must happen (`Expect: converted` or `Expect:
refused: WORDS`), written by hand from the source and the rules.  A converted fixture must
give exactly NAME.expected.c (written by hand too) and pass the round trip; a refused one
must be refused with a reason starting with WORDS and leave the file untouched.

    /usr/bin/python3 tests/run_convert_fixtures.py [NAME...]

Exit status 0 when every fixture passes, 1 otherwise.
"""
import concurrent.futures
import difflib
import re
import sys
from pathlib import Path
from typing import List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "convert"
sys.path.insert(0, str(ROOT / "scripts"))

from kti.convert import Outcome, convert_file  # noqa: E402

WORKERS = 2


def expectation(path: Path) -> Tuple[str, Optional[str]]:
    """("converted", None) or ("refused", WORDS) from the fixture's header."""
    text = path.read_text()
    header = text[:text.find("*/")]
    m = re.search(r"^ \* Expect:\s*(converted|refused:\s*(.+?))\s*$", header, re.M)
    if m is None:
        raise ValueError("%s: no 'Expect:' line in the header" % path.name)
    return ("converted", None) if m.group(1) == "converted" else ("refused", m.group(2))


def check(path: Path) -> List[str]:
    """Problems with one fixture ([] when it passes)."""
    kind, words = expectation(path)
    result = convert_file(path)
    if kind == "refused":
        if result.outcome is not Outcome.REFUSED:
            return ["converted, expected refused: %s" % words]
        if not (result.reason or "").startswith(words):
            return ["refused with '%s', expected '%s'" % (result.reason, words)]
        if result.patch or result.text:
            return ["refused but returned a patch"]
        return []
    if result.outcome is not Outcome.CONVERTED:
        return ["refused: %s" % result.reason]
    problems = []
    expected = path.with_name(path.stem + ".expected.c")
    if not expected.exists():
        problems.append("no %s" % expected.name)
    elif result.text != expected.read_text():
        diff = difflib.unified_diff(expected.read_text().splitlines(), result.text.splitlines(),
                                    expected.name, "converted", lineterm="")
        problems.append("\n".join(diff))
    if result.round_trip is None or not result.round_trip.ok:
        problems.append("round trip: %s" % (result.round_trip.detail if result.round_trip
                                            else "not run"))
    return problems


def fixtures(names: List[str]) -> List[Path]:
    every = sorted(p for p in FIXTURES.glob("*.c") if not p.name.endswith(".expected.c"))
    if names:
        every = [p for p in every if p.stem in names]
    return every


def main(argv: List[str]) -> int:
    paths = fixtures(argv)
    if not paths:
        print("no fixtures", file=sys.stderr)
        return 1
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        for path, problems in zip(paths, pool.map(check, paths)):
            print("%s %s" % ("PASS" if not problems else "FAIL", path.stem))
            for problem in problems:
                print("    " + problem.replace("\n", "\n    "))
            failed += bool(problems)
    print("convert fixtures: %d passed, %d failed" % (len(paths) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
