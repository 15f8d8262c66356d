# SPDX-License-Identifier: GPL-2.0
"""Pick the .c and .h files worth giving to spatch.

Parsing dominates spatch's run time, so parsing only files that can hold a finding is the
single biggest speed-up (the whole tree is ~34k .c files; ~450 mention a kthread API).  The
word list is a deliberate superset of what the detector looks for: kthread creators, the svc
and smpboot entry points, stop predicates and the checkpoints a thread-function candidate may
call.  Fixed-string matching (no word boundaries) keeps git grep fast; spatch does the exact
matching.  Files that only *define* a thread function created elsewhere are found later by the
resolver (second phase), not here.
"""
import os
import stat
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Tuple

from .creators import GREP_WORDS, SMPBOOT_STRUCT
from .detect.vocabulary import FREEZER, PARKING, STOP_PREDICATES
from .grepmemo import GrepMemo

#: Everything a thread function may call that marks it as a candidate.
CHECKPOINTS = STOP_PREDICATES + PARKING + FREEZER + ("allow_signal", "allow_kernel_signal")

#: Fixed strings handed to git grep: the creators (kthread_create also covers the
#: _on_node/_on_cpu forms), "should_stop" for the custom stop predicates (NAME_should_stop())
#: the detector accepts besides the kthread ones, the checkpoints and the smpboot struct.
PREFILTER_WORDS = GREP_WORDS + ("should_stop",) + CHECKPOINTS + (SMPBOOT_STRUCT,)


def unreadable_files(tree: Path) -> List[str]:
    """Tracked .c files git grep silently skips: missing, not regular, or not readable.

    They may hold kthreads, so the scan must list them as failures instead of losing them.
    One stat per file (plain strings, no pathlib: this runs over ~34k files).
    """
    res = subprocess.run(["git", "-C", str(tree), "ls-files", "-s", "-z", "--", "*.c"],
                         capture_output=True, check=False)
    root = str(tree)
    check_access = os.geteuid() != 0  # root reads everything; skip the second syscall
    bad = []
    for entry in res.stdout.decode(errors="replace").split("\0"):
        if not entry or "\t" not in entry:
            continue
        mode, path = entry.split(" ", 1)[0], entry.split("\t", 1)[1]
        if mode == "120000":
            continue  # a symlink: its target is scanned under its own name
        full = os.path.join(root, path)
        try:
            info = os.stat(full)
        except OSError:
            bad.append(path)
            continue
        if not stat.S_ISREG(info.st_mode) or (check_access and not os.access(full, os.R_OK)):
            bad.append(path)
    return bad


#: Headers too: the detector runs with --include-headers (like coccicheck), and static
#: inline creators or thread functions in headers are findings as well.
SCANNED_FILES = ("*.c", "*.h")


@dataclass
class Prefilter:
    """The files to scan, and every grepped line (the cross-check reuses them)."""
    files: List[str]
    lines: List[Tuple[str, int, str]]


def prefilter(tree: Path, memo: Optional[GrepMemo] = None) -> Prefilter:
    """Tracked .c/.h files that mention a creator, a checkpoint or smp_hotplug_thread,
    plus the tracked .c files that cannot be read (listed as failures later).

    One `git grep -n` answers both "which files" and "which lines name a creator", so the
    independent cross-check does not grep the tree a second time; with a GrepMemo the same
    grep also collects the lines the resolver will ask for.
    """
    memo = memo or GrepMemo(tree, SCANNED_FILES, None)
    with ThreadPoolExecutor(max_workers=1) as pool:
        unreadable = pool.submit(unreadable_files, tree)  # overlaps with the git grep
        lines = memo.grep(PREFILTER_WORDS)
        files = {path for path, _line, _text in lines} | set(unreadable.result())
    return Prefilter(sorted(files), lines)
