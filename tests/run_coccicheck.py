#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Check that cocci/kthread_threads.cocci works under the kernel's coccicheck.

Runs `make coccicheck COCCI=<abs path> MODE=<mode> M=<dir>` in the kernel tree KSRC for
every mode the .cocci declares (`virtual NAME`) and for MODE=chain, and plain spatch in
report mode on the same files.  Checks that report mode and plain spatch print the same
non-empty report lines, including a known thread function; that patch and chain print
those same lines (patch changes nothing and reports, so chain, which tries patch first,
reports); that org gives one TODO per report line; that context marks creation calls and
stop checks; and that facts describes every reported thread function.  A declared mode
without a check here fails.

KSRC is treated as read-only: the directories under test are copied to a
scratch directory under build/ that is passed as M= (coccicheck then runs
spatch with --dir <copy> --patch <KSRC>), so nothing is written into the
tree.  When KSRC is a git work tree, its status is compared before and
after to prove it.

    /usr/bin/python3 tests/run_coccicheck.py --tree build/linux-6.12
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
COCCI = ROOT / "cocci" / "kthread_threads.cocci"
SCRATCH = ROOT / "build"
SPATCH = "/usr/bin/spatch"
REPORT_LINE = re.compile(r"^\S+:\d+:\d+-\d+: ")
# spatch finds its Python through `python3` on PATH: make that Debian's.
# Small directories with known threads: a kthread with signals and an
# svc thread.
DEFAULT_DIRS = ["fs/jffs2", "fs/lockd"]
DEFAULT_EXPECT = ["jffs2_garbage_collect_thread", "lockd"]
ENV = dict(os.environ, PATH="/usr/bin:/bin:" + os.environ.get("PATH", ""))


def report_lines(output: str) -> List[str]:
    """The coccicheck report lines of an output, sorted, without the
    banner and the command line that coccicheck echoes."""
    return sorted(line for line in output.splitlines()
                  if REPORT_LINE.match(line))


def cocci_options() -> List[str]:
    """spatch options from the `// Options:` header, as coccicheck uses."""
    for line in COCCI.read_text().splitlines():
        if line.startswith("// Options:"):
            return line.split(":", 1)[1].split()
    return []


def git_status(tree: Path) -> Optional[str]:
    """Porcelain status (ignored files included) of a git work tree, or
    None when tree is not one."""
    proc = subprocess.run(["git", "-C", str(tree), "status", "--porcelain",
                           "--ignored"], capture_output=True, text=True)
    return proc.stdout if proc.returncode == 0 else None


def declared_modes() -> List[str]:
    """The `virtual NAME` modes of the .cocci."""
    return re.findall(r"^virtual (\w+)", COCCI.read_text(), re.M)


def run_coccicheck(tree: Path, mdir: Path, mode: str = "report"
                   ) -> Tuple[int, str, float]:
    """make coccicheck in one mode on M=mdir; (status, output, seconds)."""
    start = time.monotonic()
    proc = subprocess.run(
        ["make", "-s", "-C", str(tree), "coccicheck", "MODE=%s" % mode,
         "COCCI=%s" % COCCI, "M=%s" % mdir, "J=2"],
        capture_output=True, text=True, env=ENV, timeout=900)
    return (proc.returncode, proc.stdout + proc.stderr,
            time.monotonic() - start)


def run_spatch(mdir: Path) -> Tuple[int, str, float]:
    """Plain spatch in report mode on the same directory."""
    start = time.monotonic()
    proc = subprocess.run(
        [SPATCH, "-D", "report", "--very-quiet", "--no-show-diff",
         "--sp-file", str(COCCI)] + cocci_options() +
        ["--dir", str(mdir), "--jobs", "2", "--chunksize", "1"],
        capture_output=True, text=True, env=ENV, timeout=900)
    return proc.returncode, proc.stdout + proc.stderr, \
        time.monotonic() - start


CREATOR_CALL = re.compile(r"\b(kthread_\w+|svc_create\w*)\s*\(")
STOP_CALL = re.compile(r"\b\w*should_stop\s*\(")


def same_lines(output: str, report: List[str]) -> Tuple[str, bool, str]:
    lines = report_lines(output)
    return ("prints the report lines", lines == report,
            "" if lines == report else "got %s" % lines)


def org_todos(output: str, report: List[str]) -> Tuple[str, bool, str]:
    todos = re.findall(r"^\* TODO \[\[view:.*\]\[(.*)\]\]$", output, re.M)
    messages = sorted(line.split(": ", 1)[1] for line in report)
    return ("gives one TODO per report line", sorted(todos) == messages,
            "%d TODOs for %d report lines" % (len(todos), len(messages)))


def context_marks(output: str, report: List[str]) -> Tuple[str, bool, str]:
    marked = [line for line in output.splitlines()
              if line.startswith("-") and not line.startswith("---")]
    creators = [line for line in marked if CREATOR_CALL.search(line)]
    stops = [line for line in marked if STOP_CALL.search(line)]
    return ("marks creation calls and stop checks", bool(creators and stops),
            "%d creation calls, %d stop checks marked" % (len(creators), len(stops)))


def facts_cover_report(output: str, report: List[str]) -> Tuple[str, bool, str]:
    facts = [json.loads(line.split(" ", 1)[1]) for line in output.splitlines()
             if line.startswith("KTI-FACT ")]
    described = {f["name"] for f in facts if f.get("kind") == "threadfn"}
    reported = {m.group(1) for m in (re.search(r" thread function (\w+):", line)
                                     for line in report) if m}
    return ("describes every reported thread function", bool(reported) and
            reported <= described, "missing: %s" % sorted(reported - described))


def unchecked(output: str, report: List[str]) -> Tuple[str, bool, str]:
    return ("has a check in tests/run_coccicheck.py", False, "add one to MODE_CHECKS")


UNCHECKED = unchecked
MODE_CHECKS = {"patch": same_lines, "chain": same_lines, "org": org_todos,
               "context": context_marks, "facts": facts_cover_report}


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", default=str(ROOT / "build" / "linux-6.12"),
                        help="kernel source tree KSRC (read-only)")
    parser.add_argument("--dir", action="append", dest="dirs",
                        help="directory of the tree to check, may be "
                             "repeated (default: %s)" % " ".join(DEFAULT_DIRS))
    parser.add_argument("--expect", action="append",
                        help="thread function that must be reported, may be "
                             "repeated (default: %s)"
                             % " ".join(DEFAULT_EXPECT))
    args = parser.parse_args(argv)
    dirs = args.dirs or DEFAULT_DIRS
    expect = args.expect or (DEFAULT_EXPECT if not args.dirs else [])

    tree = Path(args.tree).resolve()
    for path, what in [(tree / "scripts" / "coccicheck",
                        "scripts/coccicheck")] + \
            [(tree / d, d) for d in dirs]:
        if not path.is_dir() and not path.is_file():
            print("coccicheck: %s not found in %s" % (what, tree),
                  file=sys.stderr)
            return 2
    if not os.access(SPATCH, os.X_OK):
        print("coccicheck: %s not found: install coccinelle" % SPATCH,
              file=sys.stderr)
        return 2

    SCRATCH.mkdir(exist_ok=True)
    before = git_status(tree)
    results: List[Tuple[str, bool]] = []

    def check(name: str, ok: bool, detail: str = "") -> None:
        results.append((name, ok))
        print("%s: %s%s" % ("PASS" if ok else "FAIL", name,
                            (" (" + detail + ")") if detail else ""))

    with tempfile.TemporaryDirectory(dir=SCRATCH,
                                     prefix="coccicheck-") as scratch:
        mdir = Path(scratch) / "sample"
        for d in dirs:
            shutil.copytree(tree / d, mdir / d)
        cc_status, cc_out, cc_time = run_coccicheck(tree, mdir)
        sp_status, sp_out, sp_time = run_spatch(mdir)
        other_modes = {mode: run_coccicheck(tree, mdir, mode)
                       for mode in declared_modes() + ["chain"] if mode != "report"}
    cc_lines = report_lines(cc_out)
    sp_lines = report_lines(sp_out)

    cc_ok = cc_status == 0 and "coccicheck failed" not in cc_out
    check("make coccicheck M=<copy of %s> succeeds" % " ".join(dirs), cc_ok,
          "%.1f s" % cc_time if cc_ok else cc_out.strip()[-2000:])
    check("plain spatch succeeds", sp_status == 0,
          "%.1f s" % sp_time if sp_status == 0 else sp_out.strip()[-2000:])
    check("coccicheck reports something", bool(cc_lines),
          "%d report lines" % len(cc_lines))
    check("coccicheck and plain spatch agree", cc_lines == sp_lines,
          "" if cc_lines == sp_lines else
          "coccicheck only: %s; spatch only: %s"
          % (sorted(set(cc_lines) - set(sp_lines)),
             sorted(set(sp_lines) - set(cc_lines))))
    for name in expect:
        check("reports thread function %s" % name,
              any(" function %s:" % name in line for line in cc_lines))
    for mode, (status, output, seconds) in sorted(other_modes.items()):
        ok = status == 0 and "coccicheck failed" not in output
        check("make coccicheck MODE=%s succeeds" % mode, ok,
              "%.1f s" % seconds if ok else output.strip()[-2000:])
        if ok:
            name, passed, detail = MODE_CHECKS.get(mode, UNCHECKED)(output, cc_lines)
            check("MODE=%s %s" % (mode, name), passed, detail)
    if before is not None:
        after = git_status(tree)
        check("the tree is left untouched", after == before,
              "" if after == before else
              "git status changed:\n" + (after or ""))
    for line in cc_lines:
        print("  " + line)
    passed = sum(1 for _, ok in results if ok)
    failed = len(results) - passed
    print("coccicheck: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
