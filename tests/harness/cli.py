# SPDX-License-Identifier: GPL-2.0
"""Command line of the semantic harness (tests/run_harness.py)."""
import argparse
import concurrent.futures
import sys
from pathlib import Path
from typing import Callable, Dict, List, Optional

from . import fixture as fixtures
from .build import Builder
from .errors import HarnessError
from .runner import Result, Verdict, check_fixture, check_mutant, load_mutant
from .sources import HAND_SUFFIXES, EngineSource, HandSource, SourceKind

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "tests" / "harness" / "fixtures"
MUTANTS = ROOT / "tests" / "harness" / "mutants"
BUILD = ROOT / "build" / "harness"
# Fixtures are independent: one compile-and-run job per core of the 2-core machine.
JOBS = 2


def _fixture_paths(directory: Path) -> List[Path]:
    return sorted(p for p in directory.glob("*.c") if not p.name.endswith(HAND_SUFFIXES))


def _print(result: Result, verbose: bool) -> None:
    print("%s %s: %s" % (result.verdict.value, result.name, result.summary))
    for note in result.notes:
        print("  note: " + note)
    shown = result.failures if verbose else result.failures[:1]
    for failure in shown:
        print("  script %s (%s):" % (failure.script.name, failure.script.what))
        print("    " + failure.difference.describe().replace("\n", "\n    "))
    if len(result.failures) > len(shown):
        print("  (%d more scripts differ; -v shows them)" % (len(result.failures) - len(shown)))


def _guarded(name: str, check: Callable[..., Result], *args) -> Result:
    """A check whose bad input is reported for its fixture alone, so the others still run."""
    try:
        return check(*args)
    except HarnessError as err:
        return Result(name, Verdict.ERROR, str(err))


def _check_fixture(builder: Builder, fx: fixtures.Fixture, source) -> Result:
    return check_fixture(builder, fx, source.converted(fx))


def run(fixture_dir: Path, source_kind: SourceKind, mutant_dir: Optional[Path],
        only: Optional[str], build: Path, verbose: bool) -> int:
    builder = Builder(build)
    builder.prepare()
    source = HandSource() if source_kind is SourceKind.HAND else \
        EngineSource(build / "converted")
    loaded: Dict[str, fixtures.Fixture] = {
        p.stem: fixtures.load(p) for p in _fixture_paths(fixture_dir)}
    if not loaded:
        raise HarnessError("no fixtures in %s" % fixture_dir)
    mutants = [load_mutant(p) for p in sorted(mutant_dir.glob("*.c"))] if mutant_dir else []
    with concurrent.futures.ThreadPoolExecutor(JOBS) as pool:
        jobs = [pool.submit(_guarded, name, _check_fixture, builder, fx, source)
                for name, fx in loaded.items() if not only or name == only]
        fixture_count = len(jobs)
        jobs += [pool.submit(_guarded, m.name, check_mutant, builder, m, loaded.get)
                 for m in mutants if not only or only in (m.name, m.of)]
        results: List[Result] = []
        for job in jobs:
            results.append(job.result())
            _print(results[-1], verbose)
    errors = sum(r.verdict is Verdict.ERROR for r in results)
    print("harness (%s conversions of %s): %d fixtures, %d passed; %d mutants, %d caught%s"
          % (source_kind.value, fixture_dir, fixture_count,
             sum(r.verdict is Verdict.PASS for r in results[:fixture_count]),
             len(results) - fixture_count,
             sum(r.verdict is Verdict.PASS for r in results[fixture_count:]),
             "; %d could not be run" % errors if errors else ""))
    if errors:
        return 2
    return 1 if any(r.verdict is Verdict.FAIL for r in results) else 0


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description="Run original and converted thread functions on the kthread model "
                    "under the same scripts and compare their observable calls.")
    parser.add_argument("--fixtures", type=Path, default=SEEDS,
                        help="folder of fixtures NAME.c (default: the harness's seeds)")
    parser.add_argument("--source", type=SourceKind, choices=list(SourceKind),
                        default=SourceKind.HAND,
                        help="hand: NAME.converted.c beside NAME.c; engine: the converter")
    parser.add_argument("--mutants", type=Path, default=None,
                        help="folder of deliberately wrong conversions that must be caught")
    parser.add_argument("--only", help="one fixture (and its mutants) or one mutant")
    parser.add_argument("--build", type=Path, default=BUILD, help="build folder")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="show every differing script, not only the first")
    args = parser.parse_args(argv)
    try:
        return run(args.fixtures, args.source, args.mutants, args.only, args.build,
                   args.verbose)
    except HarnessError as err:
        print("run_harness: %s" % err, file=sys.stderr)
        return 2
