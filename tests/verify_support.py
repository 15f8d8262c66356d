# SPDX-License-Identifier: GPL-2.0
"""Shared by the verifier tests: the hand-written patches of tests/verify/patches/.

Every patch is against drivers/power/supply/tps65217_charger.c of linux-source-6.12 (a file
the series does not touch), so the gates that only read BASE can read the project's own
tree (build/linux-6.12, never written).  tps65217-converted.patch is a correct conversion
of tps65217_charger_poll_task() to API v2; each other patch breaks it in one way:

| patch | what is wrong | the check that must fail |
|---|---|---|
| does-not-apply | a context line of the first hunk differs from the file | 1 (git apply) |
| parse-error | `try_to_freeze(;` in the new func | 1 (spatch --parse-c) |
| compile-error | calls tps65217_charger_irq() with three arguments | 2 (error) |
| new-warning | an unused local in the new func | 2 (gcc warning) |
| sparse-warning | `void __user *unused = data;`: an address-space mix gcc accepts | 2 (sparse) |
| checkpatch | `if(freezing(current))` | 3 |
| legacy-loop | the new func still runs `while (!kthread_should_stop())` | 5 (stop loop) |
| old-name | the creation site still names tps65217_charger_poll_task | 5 (old name) |
"""
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "scripts"))

from kti.verify.model import Unit  # noqa: E402

TREE = PROJECT / "build" / "linux-6.12"
PATCHES = PROJECT / "tests" / "verify" / "patches"
FILE = "drivers/power/supply/tps65217_charger.c"
THREAD = f"{FILE}:tps65217_charger_poll_task"


def patch(name: str) -> str:
    return (PATCHES / f"{name}.patch").read_text()


def unit(name: str) -> Unit:
    """The patch as a unit converting tps65217_charger_poll_task()."""
    return Unit(unit_id=THREAD, thread_functions=(THREAD,), patch=patch(name), files=(FILE,))
