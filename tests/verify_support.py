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

Gate 2 is tested with patches that do not need the iterant API (tests/run_convert_sample.py
builds them in x86_64 and arm64 allmodconfig):

| patch | change | gate 2 |
|---|---|---|
| build-clean | tps65217_charger_poll_task() reads its argument through a typed local | pass |
| build-error | calls tps65217_charger_irq() with three arguments | fail: error |
| build-warning | an unused local | fail: gcc -Wunused-variable |
| build-sparse | `void __user *ubuf = data;`, used through a __force cast: gcc is silent | fail: sparse address spaces |
| arm64-clean | drivers/crypto/mxs-dcp.c (built only by arm64 here): `struct dcp *const sdcp` | pass, arm64 |
| arm64-warning | the same function with an unused local | fail: gcc, arm64 |
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
