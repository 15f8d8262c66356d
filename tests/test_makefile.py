# SPDX-License-Identifier: GPL-2.0
"""The Makefile's front door: what `make report` installs and where it writes, paths with
spaces, the tree the Python tests read, and the skip summary of the test runner."""
import json
import os
import shutil
import subprocess
import unittest

from tests import kti_support as ks

ROOT = ks.PROJECT_ROOT
SCAN_ONLY = ("coccinelle", "git", "linux-source-6.12", "xz-utils")
CHECK_ONLY = ("qemu-system-x86", "nfs-kernel-server", "busybox-static", "gcc")


def make(*args: str, env=None) -> subprocess.CompletedProcess:
    env = dict(env or os.environ)
    for name in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "KSRC", "REPORTS"):
        env.pop(name, None)  # a make check running this test must not leak into it
    return subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), *args],
                          capture_output=True, text=True, env=env, timeout=600)


class PackagesTest(unittest.TestCase):
    def test_report_installs_only_what_the_scan_needs(self):
        report = make("-n", "report")
        self.assertEqual(report.returncode, 0, report.stderr)
        for package in SCAN_ONLY:
            self.assertIn(package, report.stdout)
        for package in CHECK_ONLY:
            self.assertNotIn(package, report.stdout)

    def test_check_installs_the_rest(self):
        check = make("-n", "check")
        self.assertEqual(check.returncode, 0, check.stderr)
        for package in SCAN_ONLY + CHECK_ONLY:
            self.assertIn(package, check.stdout)


class ReportFolderTest(unittest.TestCase):
    """`make report KSRC=...` with a fake spatch: never the committed reports/linux-6.12."""

    def setUp(self):
        self.tmp = ks.TempDir()
        self.addCleanup(self.tmp.__exit__)
        # A folder name no one else uses, since it lands in the project's build/reports/.
        self.name = f"linux-kti-test-{os.getpid()}"
        self.tree = ks.git_tree(self.tmp.path / "my trees" / self.name, ks.small_tree_files())
        self.default_out = ROOT / "build" / "reports" / self.name
        self.addCleanup(shutil.rmtree, self.default_out, True)
        self.env = ks.environ_with(SPATCH=str(ks.make_fake_spatch(self.tmp.path)))
        self.committed = ks.snapshot(ROOT / "reports" / "linux-6.12")

    def report(self, *args: str) -> subprocess.CompletedProcess:
        proc = make("report", f"KSRC={self.tree}", f"SCAN_CACHE={self.tmp.path}/scan cache",
                    *args, env=self.env)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertEqual(ks.snapshot(ROOT / "reports" / "linux-6.12"), self.committed)
        return proc

    def thread_functions(self, out) -> set:
        inventory = json.loads((out / "inventory.json").read_text())
        return {t["name"] for t in inventory["thread_functions"]}

    def test_other_tree_goes_to_a_folder_named_for_it(self):
        self.report()
        self.assertEqual(self.thread_functions(self.default_out),
                         {"alpha_thread", "beta_thread"})
        self.assertTrue((self.tmp.path / "scan cache").is_dir())

    def test_reports_folder_with_a_space(self):
        out = self.tmp.path / "my reports"
        self.report(f"REPORTS={out}")
        self.assertEqual(self.thread_functions(out), {"alpha_thread", "beta_thread"})
        self.assertFalse(self.default_out.exists())


class TestTreeTest(unittest.TestCase):
    def test_python_tests_read_the_makefiles_tree(self):
        dry = make("-n", "test-python", "KSRC=/src/my linux")
        self.assertEqual(dry.returncode, 0, dry.stderr)
        self.assertIn('KSRC="/src/my linux" /usr/bin/python3 tests/run_python_tests.py',
                      dry.stdout)

    def test_runner_names_every_skipped_test(self):
        tmp = ks.TempDir()
        self.addCleanup(tmp.__exit__)
        (tmp.path / "test_sample.py").write_text(
            "import unittest\n"
            "class T(unittest.TestCase):\n"
            "    def test_runs(self):\n"
            "        self.assertTrue(True)\n"
            "    @unittest.skip('no frobnicator here')\n"
            "    def test_skipped(self):\n"
            "        pass\n")
        proc = subprocess.run(["/usr/bin/python3", str(ROOT / "tests" / "run_python_tests.py"),
                               str(tmp.path)], capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.splitlines()[-2:],
                         ["test-python: 2 run, 0 failed, 0 errors, 1 SKIPPED",
                          "test-python: SKIPPED test_sample.T.test_skipped: "
                          "no frobnicator here"])


if __name__ == "__main__":
    unittest.main()
