# SPDX-License-Identifier: GPL-2.0
"""Read test results from the console log with the tree's own KTAP parser.

The log holds two KTAP documents: the kernel's built-in KUnit run (during boot, before /init)
and the guest scenarios, which /init brackets with the markers below.  Each goes to
tools/testing/kunit/kunit_parser.py of the tree under test, imported from the worktree, so
the rig reads KTAP exactly as kunit.py would for that kernel version.
"""
import importlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import List, Optional, Sequence, Tuple

from .errors import RigError

SCENARIOS_BEGIN = "kti-init: scenarios begin"
SCENARIOS_END = "kti-init: scenarios end"

_PRINTK_TIME = re.compile(r"^\[\s*\d+\.\d+\] ?")
_KTAP_LINE = re.compile(r"^\s*(KTAP version \d|TAP version \d|\d+\.\.\d+|ok |not ok |#)")


@dataclass(frozen=True)
class Outcome:
    """One test's verdict: a KUnit case, a scenario's TAP line, or a rig check."""

    name: str
    passed: bool
    detail: str = ""


def load_kunit_parser(tree: Path) -> ModuleType:
    """Import kunit_parser from tree/tools/testing/kunit (once per process)."""
    kunit_dir = tree / "tools" / "testing" / "kunit"
    if not (kunit_dir / "kunit_parser.py").is_file():
        raise RigError(f"{kunit_dir}/kunit_parser.py not found")
    if "kunit_parser" in sys.modules:
        return sys.modules["kunit_parser"]
    sys.path.insert(0, str(kunit_dir))
    try:
        return importlib.import_module("kunit_parser")
    finally:
        sys.path.remove(str(kunit_dir))


def split_log(lines: Sequence[str]) -> Tuple[List[str], Optional[List[str]]]:
    """Split the console log into the kernel part and the guest scenario part.

    The guest part is None when /init never announced the scenarios (boot failed early).
    It runs to the end marker, or to the end of the log when the guest died mid-scenario.
    """
    begin = next((i for i, line in enumerate(lines) if SCENARIOS_BEGIN in line), None)
    if begin is None:
        return list(lines), None
    end = next((i for i in range(begin + 1, len(lines)) if SCENARIOS_END in lines[i]),
               len(lines))
    return list(lines[:begin]), list(lines[begin + 1:end])


def ktap_lines(lines: Sequence[str]) -> List[str]:
    """The KTAP lines of a console log, without printk timestamps or other kernel messages.

    A kernel message printed between a test's "KTAP version" and "# Subtest" lines makes
    kunit_parser lose the whole suite, and on TCG other CPUs print whenever they like, so
    only lines with KTAP's own shapes are handed on.
    """
    stripped = (_PRINTK_TIME.sub("", line.rstrip("\n")) for line in lines)
    return [line for line in stripped if _KTAP_LINE.match(line)]


def _runs_tests(ktap: Sequence[str]) -> bool:
    """False for an empty run ("1..0", as KUnit prints without suites) or no KTAP at all.

    kunit_parser reports such a run as an error; the baseline kernel has no suite on purpose.
    """
    return any(not line.startswith("KTAP version") and line.strip() != "1..0"
               for line in ktap)


def _status_name(test) -> str:  # noqa: ANN001 (kunit_parser.Test, imported at run time)
    return test.status.name


def _passed(parser: ModuleType, test) -> bool:  # noqa: ANN001
    return test.status == parser.TestStatus.SUCCESS


def kunit_outcomes(parser: ModuleType, lines: Sequence[str], suite: str,
                   expected: Sequence[str]) -> List[Outcome]:
    """Outcomes of every KUnit case in the log, plus a failure per expected case not run.

    Suites other than `suite` are judged too (any built-in suite that fails is a failure);
    `expected` lists the cases `suite` must have run.  Skipped counts as not passed.
    """
    ktap = ktap_lines(lines)
    suites = parser.parse_run_tests(ktap).subtests if _runs_tests(ktap) else []
    outcomes: List[Outcome] = []
    found_suite = None
    for test_suite in suites:
        if test_suite.name == suite:
            found_suite = test_suite
        if not test_suite.subtests:
            outcomes.append(Outcome(test_suite.name, _passed(parser, test_suite),
                                    _status_name(test_suite)))
        for case in test_suite.subtests:
            outcomes.append(Outcome(f"{test_suite.name}.{case.name}", _passed(parser, case),
                                    _status_name(case)))
    ran = {case.name for case in found_suite.subtests} if found_suite else set()
    for case in expected:
        if case not in ran:
            outcomes.append(Outcome(f"{suite}.{case}", False, "missing from the log"))
    return outcomes


def scenario_outcomes(parser: ModuleType, lines: Optional[Sequence[str]],
                      expected: Sequence[str]) -> List[Outcome]:
    """Outcomes of the guest scenarios: one per TAP line, plus failures for what is missing.

    A scenario that exited non-zero, or printed fewer results than its plan, fails even
    when every line it did print said ok.
    """
    if lines is None:
        return [Outcome(f"guest.{name}", False, "scenarios never started") for name in expected]
    root = parser.parse_run_tests(ktap_lines(lines))
    outcomes: List[Outcome] = []
    seen = set()
    for scenario in root.subtests:
        seen.add(scenario.name)
        for number, result in enumerate(scenario.subtests, start=1):
            # The parser fills results missing from the plan in as crashed, without a name.
            name = result.name or f"result {number} missing from the log"
            outcomes.append(Outcome(f"{scenario.name}: {name}", _passed(parser, result),
                                    _status_name(result)))
        planned = scenario.expected_count
        if planned is not None and len(scenario.subtests) < planned:
            outcomes.append(Outcome(f"{scenario.name}", False,
                                    f"{len(scenario.subtests)} of {planned} planned results"))
        elif not _passed(parser, scenario) and all(_passed(parser, r) for r in scenario.subtests):
            outcomes.append(Outcome(f"{scenario.name}", False,
                                    f"scenario {_status_name(scenario)}"))
        if not scenario.subtests and _passed(parser, scenario):
            outcomes.append(Outcome(f"{scenario.name}", False, "reported no results"))
    for name in expected:
        if name not in seen:
            outcomes.append(Outcome(f"{name}", False, "scenario missing from the log"))
    return outcomes
