# SPDX-License-Identifier: GPL-2.0
"""Files that are compiled only as part of another one: kernel/sched/psi.c is #included by
build_utility.c, kernel/rcu/tree_plugin.h by tree.c.  Such a file is compile-tested by
building the .c files of its own directory that include it by name."""
import re
import subprocess
from pathlib import Path
from typing import List


def local_includers(tree: Path, path: str) -> List[str]:
    """.c files in path's directory (not below) with `#include "<its name>"`, sorted."""
    directory, _, name = path.rpartition("/")
    pattern = r'^[[:space:]]*#[[:space:]]*include[[:space:]]+"' + re.escape(name) + '"'
    proc = subprocess.run(["git", "-C", str(tree), "grep", "-l", "-E", pattern, "--",
                           f"{directory}/*.c" if directory else "*.c"],
                          capture_output=True, text=True, check=False)
    return sorted(f for f in proc.stdout.split()
                  if f.rpartition("/")[0] == directory and f != path)
