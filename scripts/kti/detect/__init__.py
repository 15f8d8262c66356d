# SPDX-License-Identifier: GPL-2.0
"""The detector's Python: everything cocci/kthread_threads.cocci computes beyond matching.

    vocabulary  calls known by name (freezer, parking, signals, sleep, stop predicates)
    features    calls in a token range and the features they show
    body        a parsed function and its stop checks (ThreadBody)
    exits       how a loop is left
    locals      locals before a loop, their reads and writes, persistent ones
    looppos     positions of the main loop's parts, for the converter
    classify    loop shape, verdict and reasons of one thread function
    source      one C file as the detector reads it (SourceFile)
    session     the state the .cocci's script rules fill, and the facts and report lines

Built on kti.ctext, the project's C-text toolkit.
"""
from pathlib import Path
from typing import List

PACKAGE_DIR = Path(__file__).resolve().parent


def source_files() -> List[Path]:
    """The Python files whose content decides what the detector prints (for cache keys)."""
    kti = PACKAGE_DIR.parent
    files = sorted(PACKAGE_DIR.glob("*.py")) + sorted((kti / "ctext").glob("*.py"))
    return files + [kti / "creators.py"]
