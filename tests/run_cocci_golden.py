#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Golden tests for cocci/kthread_threads.cocci.

Every fixture tests/cocci/NAME.c states in its header comment, written by hand
from its code, what the detector must say about it: verdict, loop shape, exits,
persistent locals, freezer, parking, signal and sleep calls, reasons, creation
sites, and for some the positions of the main loop (format in
tests/cocci_expect.py).  Each fixture is run through spatch in report and in
facts mode, and the output is checked against that header.

NAME.report and NAME.facts are secondary regression snapshots of the whole
output (they also hold what the header leaves out, such as every position);
a mismatch prints a unified diff.

    /usr/bin/python3 tests/run_cocci_golden.py            # check
    /usr/bin/python3 tests/run_cocci_golden.py --update   # regenerate snapshots

--update rewrites the snapshots only, never a header, and only for fixtures
whose header check passes: a snapshot cannot confirm itself.
"""

import argparse
import concurrent.futures
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import cocci_expect  # noqa: E402
from kti.detect.classify import Helpers, classify  # noqa: E402
from kti.detect.source import SourceFile  # noqa: E402
from kti.stophelpers import CLASSIFIED  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
COCCI = ROOT / "cocci" / "kthread_threads.cocci"
FIXTURES = ROOT / "tests" / "cocci"
SPATCH = "/usr/bin/spatch"
MIN_SPATCH = (1, 1, 1)
# One spatch per mode and fixture; two at a time suits the 2-core machine.
WORKERS = 2
MODES = {"report": ["-D", "report"], "facts": ["-D", "facts"]}
# spatch finds its Python through `python3` on PATH: make that Debian's.
ENV = dict(os.environ, PATH="/usr/bin:/bin:" + os.environ.get("PATH", ""))


class Outcome(NamedTuple):
    """Result of one fixture in one mode."""
    name: str
    mode: str
    ok: bool
    detail: str


def spatch_version(spatch: str) -> Tuple[int, ...]:
    """Version of spatch as a tuple, from `spatch --version`."""
    out = subprocess.run([spatch, "--version"], capture_output=True,
                         text=True, check=True, env=ENV).stdout
    match = re.search(r"spatch version (\d+(?:\.\d+)*)", out)
    if not match:
        raise RuntimeError("cannot read the version of %s from: %r"
                           % (spatch, out[:200]))
    return tuple(int(part) for part in match.group(1).split("."))


def cocci_options(cocci: Path) -> List[str]:
    """The spatch options of the `// Options:` header line, as coccicheck
    passes them."""
    for line in cocci.read_text().splitlines():
        if line.startswith("// Options:"):
            return line.split(":", 1)[1].split()
    return []


def run_spatch(fixture: Path, mode: str) -> str:
    """stdout of spatch on one fixture, run from the fixture directory so
    that file names in the output are just NAME.c."""
    cmd = [SPATCH, "--sp-file", str(COCCI)] + MODES[mode] + \
        ["--very-quiet", "--no-show-diff"] + cocci_options(COCCI) + \
        [fixture.name]
    proc = subprocess.run(cmd, cwd=fixture.parent, capture_output=True,
                          text=True, timeout=300, env=ENV)
    if proc.returncode != 0:
        raise RuntimeError("spatch failed (%d) on %s in %s mode:\n%s"
                           % (proc.returncode, fixture.name, mode,
                              proc.stderr.strip()))
    # spatch prints Python errors on stdout too: keep them, they must not
    # match any expected file.
    return proc.stdout


def write_atomically(path: Path, text: str) -> None:
    """Replace path with text without leaving a half-written file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    with os.fdopen(fd, "w") as out:
        out.write(text)
    os.replace(tmp, path)


def compare(fixture: Path, mode: str, actual: str, update: bool) -> Outcome:
    """Compare (or, with update, rewrite) one snapshot."""
    name = fixture.stem
    expected_path = fixture.with_suffix("." + mode)
    if update:
        write_atomically(expected_path, actual)
        return Outcome(name, mode, True, "updated")
    if not expected_path.exists():
        return Outcome(name, mode, False, "missing %s (run with --update)"
                       % expected_path.relative_to(ROOT))
    expected = expected_path.read_text()
    if actual == expected:
        return Outcome(name, mode, True, "")
    diff = difflib.unified_diff(
        expected.splitlines(True), actual.splitlines(True),
        "expected/" + expected_path.name, "actual/" + expected_path.name)
    return Outcome(name, mode, False, "".join(diff))


def header_check(fixture: Path, outputs: Dict[str, str]) -> Outcome:
    """The output against the expectations in the fixture's header."""
    try:
        expectations = cocci_expect.parse(fixture.read_text())
    except ValueError as err:
        return Outcome(fixture.stem, "header", False, str(err))
    facts = []
    for line in outputs["facts"].splitlines():
        if line.startswith("KTI-FACT "):
            facts.append(json.loads(line[len("KTI-FACT "):]))
        elif line.strip():
            return Outcome(fixture.stem, "header", False,
                           "unexpected output in facts mode: " + line)
    reports = [line for line in outputs["report"].splitlines() if line.strip()]
    problems = cocci_expect.check(expectations, facts, reports)
    problems += same_as_the_driver(fixture, facts)
    return Outcome(fixture.stem, "header", not problems, "\n".join(problems))


def same_as_the_driver(fixture: Path, facts: List[dict]) -> List[str]:
    """The scan driver classifies again from the facts alone (kti.stophelpers): it must
    reach the detector's answer when it knows the same helpers."""
    helpers = Helpers(frozenset(f["name"] for f in facts if f["kind"] == "stop_helper"),
                      {f["name"]: f["waits"] for f in facts if f["kind"] == "stop_loop"})
    svc = {f["arg"] for f in facts if f["kind"] == "create" and
           f["thread_kind"] == "svc" and f["arg_kind"] == "function"}
    source = SourceFile.read(str(fixture))
    problems = []
    for fact in facts:
        if fact["kind"] != "threadfn":
            continue
        again = classify(source.body_at(fact["line"], fact["col"]), helpers,
                         fact["name"] in svc)
        for key in CLASSIFIED:
            if again[key] != fact[key]:
                problems.append("%s: the driver would say %s %r, the detector %r"
                                % (fact["name"], key, again[key], fact[key]))
    return problems


def check(fixture: Path, update: bool) -> List[Outcome]:
    """The header check and the snapshot comparisons of one fixture."""
    outputs = {}
    for mode in MODES:
        try:
            outputs[mode] = run_spatch(fixture, mode)
        except (RuntimeError, subprocess.TimeoutExpired) as err:
            return [Outcome(fixture.stem, mode, False, str(err))]
    header = header_check(fixture, outputs)
    if update and not header.ok:
        return [header, Outcome(fixture.stem, "snapshots", False,
                                "not updated: the header check fails")]
    return [header] + [compare(fixture, mode, outputs[mode], update) for mode in MODES]


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true",
                        help="regenerate the NAME.report and NAME.facts "
                             "snapshots (headers are never rewritten)")
    parser.add_argument("names", nargs="*",
                        help="fixture names to run (default: all)")
    args = parser.parse_args(argv)

    if not os.access(SPATCH, os.X_OK):
        print("cocci-golden: %s not found: install coccinelle" % SPATCH,
              file=sys.stderr)
        return 2
    try:
        version = spatch_version(SPATCH)
    except (RuntimeError, OSError, subprocess.CalledProcessError) as err:
        print("cocci-golden: cannot run %s --version: %s" % (SPATCH, err),
              file=sys.stderr)
        return 2
    if version < MIN_SPATCH:
        print("cocci-golden: spatch %s is too old, need >= %s"
              % (".".join(map(str, version)), ".".join(map(str, MIN_SPATCH))),
              file=sys.stderr)
        return 2

    fixtures = sorted(FIXTURES.glob("*.c"))
    if args.names:
        wanted = set(args.names)
        fixtures = [f for f in fixtures if f.stem in wanted]
        unknown = wanted - {f.stem for f in fixtures}
        if unknown:
            print("cocci-golden: no such fixture: %s"
                  % ", ".join(sorted(unknown)), file=sys.stderr)
            return 2
    if not fixtures:
        print("cocci-golden: no fixtures in %s" % FIXTURES, file=sys.stderr)
        return 2

    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        outcomes = [o for found in pool.map(lambda f: check(f, args.update),
                                            fixtures) for o in found]
    if not args.names:
        # Expected output left behind by a removed or renamed fixture.
        stems = {f.stem for f in fixtures}
        for mode in MODES:
            for stale in sorted(FIXTURES.glob("*." + mode)):
                if stale.stem not in stems:
                    outcomes.append(Outcome(stale.stem, mode, False,
                                            "%s has no fixture %s.c"
                                            % (stale.name, stale.stem)))
    passed = failed = 0
    for outcome in outcomes:
        if outcome.ok:
            passed += 1
            if outcome.detail:
                print("%s.%s: %s" % (outcome.name, outcome.mode,
                                     outcome.detail))
        else:
            failed += 1
            print("FAIL %s.%s\n%s" % (outcome.name, outcome.mode,
                                      outcome.detail))
    print("cocci-golden: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
