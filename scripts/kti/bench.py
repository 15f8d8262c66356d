# SPDX-License-Identifier: GPL-2.0
"""Benchmark kti-scan against `make coccicheck` on a copy of a kernel tree.

The user's tree is never written: a `git clone --shared` copy under build/bench/ gets the
coccicheck run (which writes nothing, but runs make there) and the one-file edit.  The clone
shares the object store read-only, so it costs a checkout and no git metadata in KSRC.

Measured, each once: cold scan (empty cache), warm re-scan (nothing changed), re-scan after
one file changed, and `make coccicheck MODE=report COCCI=<same .cocci>`.  The findings are
compared as sets of report lines (paths made tree-relative on both sides).
"""
import json
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Set

from .inventory import FAILURE_PREFIX
from .pipeline import DEFAULT_COCCI, PROJECT_ROOT, ScanRequest, ScanStats, scan_and_write

BENCH_DIR = PROJECT_ROOT / "build" / "bench"
#: The file edited for the one-file re-scan: it holds a kthread, so the edit matters.
EDITED_FILE = "fs/jffs2/background.c"
_LINE_RE = re.compile(r"^(\S+?):(\d+):(\d+)-(\d+): (.*)$")


@dataclass
class Timing:
    label: str
    seconds: float
    detail: str = ""


def log(message: str) -> None:
    print(f"kti-bench-scan: {message}", file=sys.stderr, flush=True)


def copy_tree(source: Path, target: Path) -> None:
    """A checked-out clone of source's HEAD at target, reset if it already exists."""
    if (target / ".git").exists():
        subprocess.run(["git", "-C", str(target), "fetch", "-q", str(source), "HEAD"],
                       check=True)
        subprocess.run(["git", "-C", str(target), "reset", "-q", "--hard", "FETCH_HEAD"],
                       check=True)
        subprocess.run(["git", "-C", str(target), "clean", "-q", "-fdx"], check=True)
        return
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "clone", "-q", "--shared", str(source), str(target)], check=True)


def timed_scan(label: str, tree: Path, out: Path, cache: Path, cocci: Path,
               jobs: Optional[int]) -> Timing:
    stats = ScanStats()
    started = time.monotonic()
    scan_and_write(ScanRequest(tree=str(tree), out=str(out), cache=str(cache),
                               cocci=str(cocci), jobs=jobs), stats)
    seconds = time.monotonic() - started
    detail = (f"spatch ran on {stats.files_spatch_ran} files, {stats.cache_hits} cache hits")
    log(f"{label}: {seconds:.1f} s ({detail})")
    return Timing(label, seconds, detail)


def report_lines(text: str, tree: Path) -> Set[str]:
    """coccicheck lines with tree-relative paths ("./" and the tree prefix dropped)."""
    prefix = str(tree.resolve()) + "/"
    lines = set()
    for raw in text.splitlines():
        match = _LINE_RE.match(raw.strip())
        if not match or FAILURE_PREFIX in raw:
            continue
        path = match.group(1)
        if path.startswith(prefix):
            path = path[len(prefix):]
        while path.startswith("./"):
            path = path[2:]
        lines.add(f"{path}:{match.group(2)}:{match.group(3)}-{match.group(4)}: "
                  f"{match.group(5)}")
    return lines


def _unlimited_stack() -> None:
    """Let spatch recurse as deep as it needs: over the whole tree, OCaml native code can
    overflow the default 8 MiB stack, the worker segfaults and coccicheck prints nothing."""
    _, hard = resource.getrlimit(resource.RLIMIT_STACK)
    resource.setrlimit(resource.RLIMIT_STACK, (hard, hard))


def run_coccicheck(tree: Path, cocci: Path, jobs: Optional[int], output: Path) -> Timing:
    """`make coccicheck MODE=report COCCI=...` in tree, stdout to output."""
    cmd = ["make", "-C", str(tree), "coccicheck", "MODE=report", f"COCCI={cocci}"]
    if jobs:
        cmd.append(f"J={jobs}")
    log("running " + " ".join(cmd) + f" > {output} (takes many minutes)")
    started = time.monotonic()
    with open(output, "w") as handle:
        proc = subprocess.run(cmd, stdout=handle, stderr=subprocess.STDOUT, check=False,
                              preexec_fn=_unlimited_stack)
    seconds = time.monotonic() - started
    log(f"coccicheck: {seconds:.1f} s, exit {proc.returncode}")
    return Timing("make coccicheck", seconds, f"exit {proc.returncode}")


def run(ksrc: Path, cocci: Path = DEFAULT_COCCI, jobs: Optional[int] = None,
        work: Path = BENCH_DIR, with_coccicheck: bool = True,
        reuse_coccicheck: bool = False) -> Dict[str, object]:
    """Run the benchmark; reuse_coccicheck takes the previous coccicheck run's output and
    time from `work` (only valid when the tree and the .cocci snapshot are unchanged)."""
    tree = work / "tree"
    cache = work / "cache"
    log(f"copying {ksrc} to {tree}")
    copy_tree(ksrc, tree)
    # A snapshot, so every run uses the same detector even if the file is being edited.
    snapshot = work / cocci.name
    if not (reuse_coccicheck and snapshot.exists()):
        shutil.copyfile(cocci, snapshot)
    cocci = snapshot
    shutil.rmtree(cache, ignore_errors=True)
    timings: List[Timing] = [
        timed_scan("cold scan (empty cache)", tree, work / "out", cache, cocci, jobs),
        timed_scan("warm re-scan (no change)", tree, work / "out", cache, cocci, jobs)]
    edited = tree / EDITED_FILE
    original = edited.read_text()
    edited.write_text(original + "\n/* kti-bench-scan: one changed file */\n")
    try:
        timings.append(timed_scan("re-scan after one changed file", tree, work / "out",
                                  cache, cocci, jobs))
    finally:
        edited.write_text(original)
    ours = report_lines((work / "out" / "kthreads.cocci.txt").read_text(), tree)
    result: Dict[str, object] = {"tree": str(ksrc), "cocci": str(cocci),
                                 "timings": {t.label: round(t.seconds, 1) for t in timings},
                                 "kti_findings": len(ours)}
    if with_coccicheck:
        output = work / "coccicheck.out"
        seconds_file = work / "coccicheck.seconds"
        if reuse_coccicheck and output.exists() and seconds_file.exists():
            timings.append(Timing("make coccicheck", float(seconds_file.read_text())))
            log(f"reusing {output} ({timings[-1].seconds:.1f} s)")
        else:
            timings.append(run_coccicheck(tree, cocci, jobs, output))
            seconds_file.write_text(f"{timings[-1].seconds:.1f}\n")
        theirs = report_lines(output.read_text(errors="replace"), tree)
        result["timings"]["make coccicheck"] = round(timings[-1].seconds, 1)
        result.update({"coccicheck_status": timings[-1].detail or "reused",
                       "coccicheck_findings": len(theirs),
                       "identical": ours == theirs,
                       "only_kti": sorted(ours - theirs),
                       "only_coccicheck": sorted(theirs - ours)})
    (work / "results.json").write_text(json.dumps(result, indent=1) + "\n")
    return result


def print_summary(result: Dict[str, object]) -> None:
    timings: Dict[str, float] = result["timings"]  # type: ignore[assignment]
    print("| run | seconds |\n|---|---|")
    for label, seconds in timings.items():
        print(f"| {label} | {seconds:.1f} |")
    reference = timings.get("make coccicheck")
    if reference:
        print()
        for label, seconds in timings.items():
            if label != "make coccicheck" and seconds > 0:
                print(f"coccicheck / {label}: {reference / seconds:.1f}x")
        print()
        print(f"findings: kti-scan {result['kti_findings']}, coccicheck "
              f"{result['coccicheck_findings']}, identical: {result['identical']}")
        if result.get("coccicheck_status", "exit 0") not in ("exit 0", "reused"):
            print(f"make coccicheck failed ({result['coccicheck_status']}): its findings are "
                  "incomplete, see build/bench/coccicheck.out")
        for key in ("only_kti", "only_coccicheck"):
            lines: List[str] = result[key]  # type: ignore[assignment]
            if lines:
                print(f"{key} ({len(lines)}):")
                for line in lines[:30]:
                    print("  " + line)
