# SPDX-License-Identifier: GPL-2.0
"""Guest helpers of tests/guest/generated/gen-lib.sh, run on the host with busybox ash."""
import shutil
import subprocess
import unittest
from pathlib import Path

GEN_LIB = Path(__file__).resolve().parents[1] / "tests" / "guest" / "generated" / "gen-lib.sh"
BUSYBOX = shutil.which("busybox")


def ash(script: str) -> subprocess.CompletedProcess:
    """Run script in busybox ash after sourcing gen-lib.sh; a hang fails after 20 s."""
    return subprocess.run([BUSYBOX, "sh", "-c", f". {GEN_LIB}\n{script}"],
                          capture_output=True, text=True, timeout=20)


@unittest.skipIf(BUSYBOX is None, "busybox not installed (make deps installs busybox-static)")
class KillWaitTest(unittest.TestCase):
    def test_no_pid_returns_without_waiting_for_other_jobs(self) -> None:
        # psi's stress work has no process: a bare `wait` would wait for this 60 s sleep.
        proc = ash("sleep 60 & other=$!\npids=\ngen_kill_wait $pids\necho returned\n"
                   "kill $other")
        self.assertEqual(proc.stdout, "returned\n")

    def test_named_pid_is_killed_and_reaped(self) -> None:
        proc = ash("sleep 60 & pid=$!\ngen_kill_wait $pid\n"
                   "[ -d /proc/$pid ] && echo alive || echo gone")
        self.assertEqual(proc.stdout, "gone\n")


@unittest.skipIf(BUSYBOX is None, "busybox not installed (make deps installs busybox-static)")
class CpuMaskTest(unittest.TestCase):
    def test_masks_for_two_cpus(self) -> None:
        # The freezer writes from CPU 0 (mask 1); the work CPU is the last one.
        proc = ash("GEN_NCPUS=2\necho $GEN_FREEZER_CPUS $(gen_work_cpus) $(gen_all_cpus)")
        self.assertEqual(proc.stdout, "1 2 3\n")

    def test_masks_for_four_cpus(self) -> None:
        proc = ash("GEN_NCPUS=4\necho $(gen_work_cpus) $(gen_all_cpus)")
        self.assertEqual(proc.stdout, "8 15\n")


if __name__ == "__main__":
    unittest.main()
