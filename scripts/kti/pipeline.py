# SPDX-License-Identifier: GPL-2.0
"""The scan from tree to reports: validate, prefilter, spatch, resolve, cross-check, write.

Kept apart from the CLI so tests and the benchmark drive the same code.  All input checks,
--out included, happen before the scan; reports are rendered in memory, then written.
"""
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from . import (creators, crosscheck, detect, prefilter, report_csv, report_html,
               report_markdown, report_text, spatch, tree as treemod)
from .cache import ResultCache, sha256_bytes
from .errors import InputError
from .grepmemo import GrepMemo
from .inventory import Inventory, dump_json
from .maintainers import Maintainers
from .model import Failure
from .output import check_report_dir, write_reports
from .resolve import Resolver
from .scan import ScanSettings, scan_files
from .sources import Sources
from .unparsed import explain_unparsed

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_COCCI = PROJECT_ROOT / "cocci" / "kthread_threads.cocci"
DEFAULT_CACHE = PROJECT_ROOT / "build" / "scan-cache"
DEFAULT_TIMEOUT = 200  # the kernel's .cocciconfig uses the same per-file limit

REPORT_FILES = ("inventory.json", "summary.md", "index.html", "inventory.csv",
                "kthreads.cocci.txt", "kthreads.all.txt")
SERIES_LINKS = Path("series") / "series.json"


@dataclass
class ScanRequest:
    """What the user asked for; None means the default."""
    tree: str
    out: str
    jobs: Optional[int] = None
    cache: Optional[str] = None
    timeout: Optional[int] = None
    cocci: Optional[str] = None
    spatch: Optional[str] = None


@dataclass
class ScanStats:
    """Timings and cache figures for the end-of-run summary (not part of the reports)."""
    seconds: float = 0.0
    files_spatch_ran: int = 0
    cache_hits: int = 0
    phases: Dict[str, float] = field(default_factory=dict)
    #: The scan's file reader, so the reports reuse what it already read.
    sources: Optional[Sources] = None
    #: git greps beyond the prefilter's one (0 when remembered words covered everything).
    extra_greps: int = 0


def _read_tree_file(tree: Path, path: str) -> Optional[str]:
    try:
        return (tree / path).read_text(encoding="latin-1")
    except OSError:
        return None


def _check_cocci(path: Optional[str]) -> Path:
    cocci = Path(path).resolve() if path else DEFAULT_COCCI
    if not cocci.is_file():
        raise InputError(f"semantic patch {str(cocci)!r} does not exist")
    if not os.access(cocci, os.R_OK):
        raise InputError(f"semantic patch {str(cocci)!r} is not readable")
    return cocci


def scan(request: ScanRequest, stats: Optional[ScanStats] = None) -> Inventory:
    """Run the whole scan and return the inventory (writes nothing but cache entries)."""
    stats = stats if stats is not None else ScanStats()
    started = time.monotonic()
    tree = treemod.validate_tree(request.tree)
    cocci = _check_cocci(request.cocci)
    tool = spatch.locate(request.spatch)
    jobs = request.jobs if request.jobs is not None else os.cpu_count() or 1
    if jobs < 1:
        raise InputError(f"--jobs must be at least 1, not {jobs}")
    timeout = request.timeout if request.timeout is not None else DEFAULT_TIMEOUT
    if timeout < 1:
        raise InputError(f"--timeout must be at least 1 second, not {timeout}")
    cocci_bytes = cocci.read_bytes()
    options = " ".join(spatch.cocci_options(cocci))
    # The detector is the .cocci, the Python it imports and the creators as this tree
    # declares them (the detector reads include/linux/kthread.h and sunrpc/svc.h).
    declared = creators.declared(lambda path: _read_tree_file(tree, path))
    detector_bytes = cocci_bytes + b"".join(f.read_bytes() for f in detect.source_files()) \
        + creators.signature(declared)
    cache = ResultCache(Path(request.cache).resolve() if request.cache else DEFAULT_CACHE,
                        detector_bytes, tool.version_text, options)
    settings = ScanSettings(tree, cocci, tool, cache, jobs, timeout)

    mark = time.monotonic()
    memo_root = Path(request.cache).resolve() if request.cache else DEFAULT_CACHE
    grep = GrepMemo(tree, prefilter.SCANNED_FILES, memo_root / "grep-words.json")
    with settings.progress.stage("prefilter"):
        chosen = prefilter.prefilter(tree, grep)
    files = chosen.files
    stats.phases["prefilter"] = time.monotonic() - mark
    mark = time.monotonic()
    results = scan_files(settings, files)
    stats.phases["spatch"] = time.monotonic() - mark

    mark = time.monotonic()
    maintainers = Maintainers.from_tree(tree)
    sources = Sources(tree, cache.root)
    stats.sources = sources
    resolver = Resolver(tree, results, lambda more: scan_files(settings, more, "second phase"),
                        maintainers, sources, grep)
    with settings.progress.stage("resolve"):
        resolution = resolver.run()
    grep.save()
    stats.extra_greps = grep.extra_greps
    stats.phases["resolve"] = time.monotonic() - mark

    mark = time.monotonic()
    with settings.progress.stage("cross-check"):
        check = crosscheck.cross_check(tree, resolution.creation_sites,
                                       resolution.api_internal, results, tool, sources,
                                       spatch.cocci_options(cocci), chosen.lines)
    # Calls the detector did not see (unparsable code, a failed file) are still creation
    # sites: the resolver reads them by text.
    unparsed = []
    for diff in check.differences:
        match = crosscheck.CALL_RE.search(diff.text)
        if diff.seen_by != "grep" or match is None:
            continue
        if diff.explanation.startswith((crosscheck.UNPARSED, crosscheck.MISSED)):
            unparsed.append((diff.file, diff.line, match.group(1),
                             "in code spatch could not parse"))
        elif diff.explanation.startswith(crosscheck.FAILED):
            unparsed.append((diff.file, diff.line, match.group(1),
                             "in a file spatch failed on"))
    resolver.add_text_sites(resolution, unparsed)
    stats.phases["crosscheck"] = time.monotonic() - mark

    failures = [Failure(r.path, r.status, r.message, maintainers.subsystem(r.path))
                for r in results.values() if r.failed]
    failures += explain_unparsed(resolution.creation_sites, resolution.wrapper_calls, results,
                                 sources, maintainers)
    failures.sort(key=lambda f: (f.file, f.status))
    report_lines = sorted({f"{path}:{e['line']}:{e['col']}-{e['end_col']}: {e['message']}"
                           for path, r in results.items() for e in r.report})
    try:
        cocci_label = str(cocci.relative_to(PROJECT_ROOT))
    except ValueError:
        cocci_label = cocci.name
    stats.seconds = time.monotonic() - started
    stats.files_spatch_ran = cache.misses
    stats.cache_hits = cache.hits
    return Inventory(
        creators=list(declared.values()),
        tree_name=tree.name, tree_head=treemod.head_commit(tree), cocci=cocci_label,
        cocci_sha256=sha256_bytes(cocci_bytes), spatch_version=tool.version_text,
        files_prefiltered=len(files), files_second_phase=resolution.second_phase_files,
        thread_functions=resolution.thread_functions,
        creation_sites=resolution.creation_sites, wrapper_calls=resolution.wrapper_calls,
        api_internal_calls=len(resolution.api_internal), failures=failures,
        crosscheck=check, report_lines=report_lines, files_untracked=grep.untracked)


def read_series_links(out: Path) -> Optional[List[dict]]:
    """The series list make patches left in out (series/series.json), if any."""
    try:
        return json.loads((out / SERIES_LINKS).read_text())["series"]
    except (OSError, ValueError, KeyError):
        return None


def render_reports(inv: Inventory, tree: Path, sources: Optional[Sources] = None,
                   series_list: Optional[List[dict]] = None) -> Dict[str, str]:
    """All report files, rendered in memory."""
    source = (sources or Sources(tree)).text

    return {
        "inventory.json": dump_json(inv),
        "summary.md": report_markdown.render(inv),
        "index.html": report_html.render(inv, source, series_list),
        "inventory.csv": report_csv.render(inv),
        "kthreads.cocci.txt": report_text.render_coccicheck(inv),
        "kthreads.all.txt": report_text.render_complete(inv),
    }


def scan_and_write(request: ScanRequest, stats: Optional[ScanStats] = None) -> Inventory:
    """Check --out, scan(), then write every report into it (see output.py)."""
    target = check_report_dir(request.out, treemod.validate_tree(request.tree), REPORT_FILES)
    stats = stats if stats is not None else ScanStats()
    inv = scan(request, stats)
    write_reports(target, render_reports(inv, Path(request.tree).resolve(), stats.sources,
                                         read_series_links(target.path)))
    return inv
