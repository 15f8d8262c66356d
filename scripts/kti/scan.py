# SPDX-License-Identifier: GPL-2.0
"""Run the detector over a set of files: cache first, then spatch in parallel batches.

Files are hashed and looked up in the cache; the misses are cut into small batches (so two
cores stay busy to the end and a bad batch re-runs few files alone) and handed to a thread
pool, one spatch process per worker.  Every file comes back with a FileResult, failures
included: an unreadable file, a crash or a timeout is a result to report, not a reason to stop.
An interrupt (Ctrl-C) is: every spatch is killed at once, and the batches that finished are
cached before the exception goes on.
"""
import errno
import math
import os
import stat
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Sequence, Set

from . import spatch as sp
from .cache import ResultCache, sha256_bytes
from .progress import Progress

MAX_BATCH = 8


@dataclass
class ScanSettings:
    """Everything that decides how (not what) to scan."""
    tree: Path
    cocci: Path
    spatch: sp.Spatch
    cache: ResultCache
    jobs: int
    timeout: int
    progress: Progress = field(default_factory=Progress)


def _batches(paths: Sequence[str], jobs: int) -> List[List[str]]:
    # About four batches per worker balances the load; never more than MAX_BATCH files.
    size = max(1, min(MAX_BATCH, math.ceil(len(paths) / (jobs * 4))))
    return [list(paths[i:i + size]) for i in range(0, len(paths), size)]


def scan_files(settings: ScanSettings, paths: Sequence[str],
               label: str = "spatch") -> Dict[str, sp.FileResult]:
    """A FileResult for every path (tree-relative), in any order."""
    results: Dict[str, sp.FileResult] = {}
    digests: Dict[str, str] = {}
    todo: List[str] = []
    for path in sorted(set(paths)):
        try:
            if not stat.S_ISREG(os.stat(settings.tree / path).st_mode):
                raise OSError(errno.EISDIR, "not a regular file")
            data = (settings.tree / path).read_bytes()
        except OSError as exc:
            results[path] = sp.FileResult(path, sp.UNREADABLE,
                                          message=f"cannot read: {exc.strerror or exc}")
            continue
        digests[path] = sha256_bytes(data)
        cached = settings.cache.get(path, digests[path], settings.timeout)
        if cached is not None:
            results[path] = cached
        else:
            todo.append(path)
    children = sp.Children()
    pool = ThreadPoolExecutor(max_workers=max(1, settings.jobs))
    futures: List[Future] = []
    stored: Set[Future] = set()

    def store(future: Future) -> int:
        stored.add(future)
        batch_results = future.result()
        for path, result in batch_results.items():
            results[path] = result
            if result.status != sp.UNREADABLE and result.cacheable:
                settings.cache.put(digests[path], result, settings.timeout)
        return len(batch_results)

    try:
        for batch in _batches(todo, settings.jobs):
            futures.append(pool.submit(sp.run_batch, settings.spatch, settings.cocci,
                                       settings.tree, batch, settings.timeout, children))
        with settings.progress.stage(label, len(todo)):
            for future in as_completed(futures):
                settings.progress.advance(store(future))
    except BaseException:
        # Ctrl-C: stop every spatch now, start no more, keep what already finished.
        children.kill_all()
        pool.shutdown(wait=True, cancel_futures=True)
        for future in futures:
            if future not in stored and not future.cancelled() and future.exception() is None:
                store(future)
        raise
    pool.shutdown()
    return results
