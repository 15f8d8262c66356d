# SPDX-License-Identifier: GPL-2.0
"""Which KUnit cases a suite should run, read from its source.

The boot test must fail when a case is silently missing from the log (a crash mid-suite, a case
compiled out), so the expected list comes from the source, not from the log: every
KUNIT_CASE*() entry of the array the suite's `.test_cases` points at.
"""
import re
from pathlib import Path
from typing import List, Tuple

from .. import ctext
from .errors import RigError
from .gitrun import git

_SUITE = re.compile(r"struct\s+kunit_suite\s+\w+\s*=\s*\{")
_CASES_FIELD = re.compile(r"\.test_cases\s*=\s*(?P<array>\w+)")
_CASE = re.compile(r"\bKUNIT_CASE\w*\s*\(\s*(?P<name>\w+)")


def _braced(code: str, masked: str, open_at: int) -> str:
    """The text between the brace at open_at and its matching closing brace."""
    close = ctext.matching_close(masked, open_at)
    if close < 0:
        raise RigError("unbalanced braces in KUnit suite source")
    return code[open_at + 1:close]


def cases_in_source(source: str, suite: str) -> List[str]:
    """Case names of `suite` defined in one C file, in order; [] when the file lacks it."""
    code = ctext.mask(source, strings=False)  # comments blanked, strings kept
    masked = ctext.mask(source)  # strings blanked too: brackets in them do not count
    name_field = re.compile(r'\.name\s*=\s*"' + re.escape(suite) + '"')
    for match in _SUITE.finditer(masked):
        body = _braced(code, masked, match.end() - 1)
        if not name_field.search(body):
            continue
        field = _CASES_FIELD.search(body)
        if not field:
            raise RigError(f"KUnit suite {suite} has no .test_cases")
        array = re.search(r"struct\s+kunit_case\s+" + re.escape(field.group("array"))
                          + r"\s*\[\s*\]\s*=\s*\{", masked)
        if not array:
            raise RigError(f"KUnit suite {suite}: case array {field.group('array')} not found")
        items = _braced(code, masked, array.end() - 1)
        return [case.group("name") for case in _CASE.finditer(items)]
    return []


def expected_cases(tree: Path, suite: str) -> Tuple[Path, List[str]]:
    """Find the file defining `suite` in a git tree; return it with the suite's case names."""
    proc = git(tree, ["grep", "-l", "-E", r'\.name[[:space:]]*=[[:space:]]*"' + suite + '"',
                      "--", "*.c"], check=False)
    for rel in proc.stdout.split():
        cases = cases_in_source((tree / rel).read_text(errors="replace"), suite)
        if cases:
            return tree / rel, cases
    raise RigError(f"KUnit suite {suite} not found in {tree} (no `.name = \"{suite}\"` "
                   "with KUNIT_CASE entries in any .c file)")
