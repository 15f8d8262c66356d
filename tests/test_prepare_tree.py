# SPDX-License-Identifier: GPL-2.0
"""scripts/prepare-tree: the same tarball gives the same baseline commit on every run and
machine, and a tree that already has it is left alone."""
import os
import subprocess
import tarfile
import time
import unittest

from tests import kti_support as ks

PREPARE = ks.PROJECT_ROOT / "scripts" / "prepare-tree"
MAKEFILE_MTIME = 1700000000  # 2023-11-14 22:13:20 UTC


class PrepareTreeTest(unittest.TestCase):
    def setUp(self):
        self.tmp = ks.TempDir()
        self.addCleanup(self.tmp.__exit__)
        source = self.tmp.path / "linux-source-6.12"
        (source / "kernel").mkdir(parents=True)
        (source / "Makefile").write_text("VERSION = 6\nPATCHLEVEL = 12\n")
        os.utime(source / "Makefile", (MAKEFILE_MTIME, MAKEFILE_MTIME))
        (source / "kernel" / "kthread.c").write_text("int kthread_should_stop(void);\n")
        (source / ".gitignore").write_text("/*\n!/debian/\n")  # Debian's: ignores the top
        self.tarball = self.tmp.path / "linux-source-6.12.tar.xz"
        with tarfile.open(self.tarball, "w:xz") as tar:
            tar.add(source, arcname="linux-source-6.12")
        # No user or system git identity to fall back on.
        home = self.tmp.path / "home"
        home.mkdir()
        self.env = ks.environ_with(HOME=str(home), GIT_CONFIG_NOSYSTEM="1")

    def prepare(self, name: str, env=None) -> subprocess.CompletedProcess:
        proc = subprocess.run([str(PREPARE), str(self.tarball), str(self.tmp.path / name)],
                              capture_output=True, text=True, env=env or self.env, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc

    def git(self, name: str, *args: str) -> str:
        return subprocess.run(["git", "-C", str(self.tmp.path / name), *args],
                              capture_output=True, text=True, check=True,
                              env=self.env).stdout.strip()

    def test_two_runs_make_the_same_commit(self):
        self.prepare("one")
        time.sleep(1.1)  # a commit dated "now" would differ
        self.prepare("two")
        self.assertEqual(self.git("one", "rev-parse", "HEAD"),
                         self.git("two", "rev-parse", "HEAD"))
        self.assertEqual(self.git("one", "log", "-1", "--format=%s|%at|%ct"),
                         f"linux-source-6.12 baseline|{MAKEFILE_MTIME}|{MAKEFILE_MTIME}")
        # Everything is committed, the files Debian's .gitignore hides included.
        self.assertEqual(self.git("one", "ls-files").split(),
                         [".gitignore", "Makefile", "kernel/kthread.c"])

    def test_identity_without_dpkg_knowing_the_package(self):
        bin_dir = self.tmp.path / "bin"
        bin_dir.mkdir()
        (bin_dir / "dpkg-query").write_text(
            "#!/bin/sh\necho 'dpkg-query: no packages found' >&2\nexit 1\n")
        (bin_dir / "dpkg-query").chmod(0o755)
        env = dict(self.env, PATH=f"{bin_dir}:{os.environ['PATH']}")
        self.prepare("tree", env)
        self.assertEqual(self.git("tree", "log", "-1", "--format=%an <%ae>|%cn <%ce>"),
                         "Debian Kernel Team <debian-kernel@lists.debian.org>|"
                         "Debian Kernel Team <debian-kernel@lists.debian.org>")

    def test_rerun_on_a_prepared_tree_is_a_no_op(self):
        self.prepare("tree")
        tree = self.tmp.path / "tree"
        head = self.git("tree", "rev-parse", "HEAD")
        inode = tree.stat().st_ino
        (tree / "my-notes.txt").write_text("still here\n")
        again = self.prepare("tree")
        self.assertEqual((again.stdout, again.stderr), ("", ""))
        self.assertEqual(self.git("tree", "rev-parse", "HEAD"), head)
        self.assertEqual(tree.stat().st_ino, inode)
        self.assertEqual((tree / "my-notes.txt").read_text(), "still here\n")
        self.assertEqual([p.name for p in self.tmp.path.iterdir() if ".tmp." in p.name], [])


if __name__ == "__main__":
    unittest.main()
