# SPDX-License-Identifier: GPL-2.0
"""scripts/prepare-tree gives the same baseline commit on every machine and every run.

The tree HEAD is printed in every report; it must depend on the tarball only, not on who
unpacked it or when.
"""
import os
import subprocess
import tarfile
import time
import unittest

from tests import kti_support as ks

PREPARE = ks.PROJECT_ROOT / "scripts" / "prepare-tree"
MAKEFILE_MTIME = 1_700_000_000  # 2023-11-14 22:13:20 UTC


def git(tree, *args):
    return subprocess.run(["git", "-C", str(tree), *args], capture_output=True, text=True,
                          check=True).stdout.strip()


class PrepareTreeTest(unittest.TestCase):
    def setUp(self):
        self.tmp_dir = ks.TempDir()
        self.tmp = self.tmp_dir.path
        top = self.tmp / "src" / "linux-source-6.12"
        (top / "kernel").mkdir(parents=True)
        (top / "Makefile").write_text("VERSION = 6\n")
        (top / "kernel" / "kthread.c").write_text("int x;\n")
        os.utime(top / "Makefile", (MAKEFILE_MTIME, MAKEFILE_MTIME))
        self.tarball = self.tmp / "linux-source-6.12.tar.xz"
        with tarfile.open(self.tarball, "w:xz") as tar:
            tar.add(top, arcname="linux-source-6.12")

    def tearDown(self):
        self.tmp_dir.__exit__()

    def prepare(self, name: str):
        proc = subprocess.run([str(PREPARE), str(self.tarball), str(self.tmp / name)],
                              capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return self.tmp / name

    def test_two_runs_give_the_same_commit(self):
        first = self.prepare("a")
        time.sleep(1.1)  # a commit dated "now" would differ
        second = self.prepare("b")
        self.assertEqual(git(first, "rev-parse", "HEAD"), git(second, "rev-parse", "HEAD"))
        author = git(first, "log", "-1", "--format=%an <%ae> %at %ct")
        self.assertNotIn("@localhost", author)
        self.assertTrue(author.endswith(f" {MAKEFILE_MTIME} {MAKEFILE_MTIME}"), author)

    def test_a_prepared_tree_is_left_alone(self):
        tree = self.prepare("a")
        (tree / "scratch").write_text("kept")
        self.prepare("a")
        self.assertEqual((tree / "scratch").read_text(), "kept")


if __name__ == "__main__":
    unittest.main()
