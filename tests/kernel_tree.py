# SPDX-License-Identifier: GPL-2.0
"""The kernel tree the tests read: $KSRC as the Makefile passes it, else build/linux-6.12.

Tests that need files of the tree skip with skip_unless_in_tree(), whose reason names the
tree, and tests/run_python_tests.py lists every skip in its summary.
"""
import os
import unittest
from pathlib import Path

KERNEL_TREE = Path(os.environ.get("KSRC")
                   or Path(__file__).resolve().parents[1] / "build" / "linux-6.12")


def skip_unless_in_tree(*files: str):
    """Skip the test or class unless every file exists in KERNEL_TREE."""
    missing = [name for name in files if not (KERNEL_TREE / name).is_file()]
    return unittest.skipIf(missing, f"{', '.join(missing)} not in KSRC={KERNEL_TREE} "
                                    "(make tree, or KSRC=a 6.12 tree)")
