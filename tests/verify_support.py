# SPDX-License-Identifier: GPL-2.0
"""Shared by the verifier tests: the hand-written patches of tests/verify/patches/.

The patches are against files of linux-source-6.12 the series does not touch, so the gates
that only read BASE can read the project's own tree (build/linux-6.12, never written).
tps65217-converted.patch is a correct conversion of tps65217_charger_poll_task()
(drivers/power/supply/tps65217_charger.c) to API v2; each of the next ones breaks it in one
way:

| patch | what is wrong | the check that must fail |
|---|---|---|
| does-not-apply | a context line of the first hunk differs from the file | 1 (git apply) |
| parse-error | `try_to_freeze(;` in the new func | 1 (spatch --parse-c) |
| checkpatch | `if(freezing(current))` | 3 |
| legacy-loop | the new func still runs `while (!kthread_should_stop())` | 5 (stop loop) |
| old-name | the creation site still names tps65217_charger_poll_task | 5 (old name) |

Gate 2 is tested with patches that do not need the iterant API, each on a file of its own
so one compile round builds them all (tests/run_convert_sample.py):

| patch | file, change | gate 2 |
|---|---|---|
| build-clean | tps65090-charger.c: the poll task reads its argument through a typed local | pass, x86_64 |
| build-error | sgp30.c: mutex_lock() with two arguments | fail: error |
| build-warning | r592.c: an unused local | fail: gcc -Wunused-variable |
| build-sparse | pciehp_hpc.c: `void __user *ubuf = data;`, used through a __force cast: gcc is silent | fail: sparse address spaces |
| arm64-clean | stratix10-svc.c (only arm64 builds it here): a cast of void * dropped | pass, arm64 |
| arm64-warning | tegra210.c (arm64 only too): an unused local | fail: gcc, arm64 |
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
