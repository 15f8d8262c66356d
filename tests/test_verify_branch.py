# SPDX-License-Identifier: GPL-2.0
"""BASE and the kti/convert branch on a throw-away repository: the series is committed
with the running user's identity and nothing else, the same inputs give the same commits,
the user's tree is never touched, a branch someone else wrote is never overwritten, and
the scratch tree is reset even when the work in it fails."""
import os
import subprocess
import tempfile
import unittest
from pathlib import Path
from unittest import mock

import tests.verify_support  # noqa: F401 (puts scripts/ on sys.path)

from kti.verify import branch as branchmod
from kti.verify.base import prepare_base
from kti.verify.checkout import Checkout
from kti.verify.errors import VerifyError
from kti.verify.paths import VerifyPaths

# A test identity for a throw-away repository, given the way a user gives one.
IDENTITY = {"GIT_AUTHOR_NAME": "Kti Tester", "GIT_AUTHOR_EMAIL": "kti.tester@test.invalid",
            "GIT_COMMITTER_NAME": "Kti Tester", "GIT_COMMITTER_EMAIL": "kti.tester@test.invalid"}
CLEAN_ENV = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str, env=None) -> str:  # noqa: ANN001
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True, env=env or {**CLEAN_ENV, **IDENTITY}).stdout


class BranchTest(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        root = Path(self.tmp.name)
        self.ksrc = root / "linux"
        self.ksrc.mkdir()
        (self.ksrc / "Makefile").write_text("all:\n")
        (self.ksrc / "kthread.c").write_text("int a;\n")
        git(self.ksrc, "init", "-q", "-b", "master")
        git(self.ksrc, "add", ".")
        git(self.ksrc, "commit", "-q", "-m", "baseline")
        self.head = git(self.ksrc, "rev-parse", "HEAD").strip()
        self.series = root / "patches"
        self.series.mkdir()
        # One patch as git format-patch writes it, with a From: line that must not be used.
        (self.series / "0001-kthread-Add-b.patch").write_text(
            "From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n"
            "From: Somebody Else <somebody@test.invalid>\n"
            "Date: Mon, 1 Jan 2024 00:00:00 +0000\n"
            "Subject: [PATCH] kthread: Add b\n\nAdd the variable b.\n---\n"
            " kthread.c | 1 +\n 1 file changed, 1 insertion(+)\n\n"
            "diff --git a/kthread.c b/kthread.c\n--- a/kthread.c\n+++ b/kthread.c\n"
            "@@ -1 +1,2 @@\n int a;\n+int b;\n")
        (self.series / "series").write_text("0001-kthread-Add-b.patch\n")
        self.paths = VerifyPaths(root / "build")
        self.env = mock.patch.dict(os.environ, {**CLEAN_ENV, **IDENTITY}, clear=True)
        self.env.start()

    def tearDown(self) -> None:
        self.env.stop()
        self.tmp.cleanup()

    def test_series_committed_as_the_user_reproducibly(self) -> None:
        base = prepare_base(self.ksrc, self.series, self.paths)
        log = git(self.ksrc, "log", "--format=%an <%ae>|%cn <%ce>|%cd|%s", "-1", base.commit)
        date = git(self.ksrc, "log", "--format=%cd", "-1", self.head)
        self.assertEqual(log.strip(), "Kti Tester <kti.tester@test.invalid>|"
                         f"Kti Tester <kti.tester@test.invalid>|{date.strip()}|kthread: Add b")
        body = git(self.ksrc, "log", "--format=%B", "-1", base.commit)
        self.assertEqual(body.strip().splitlines()[-1],
                         "Signed-off-by: Kti Tester <kti.tester@test.invalid>")
        self.assertEqual((base.path / "kthread.c").read_text(), "int a;\nint b;\n")
        # The user's tree: same HEAD, same branch, same files, nothing new.
        self.assertEqual(git(self.ksrc, "rev-parse", "HEAD").strip(), self.head)
        self.assertEqual(git(self.ksrc, "status", "--porcelain"), "")
        self.assertEqual(git(self.ksrc, "branch", "--list").split(), ["*", "master"])
        # Same inputs, even rebuilt from nothing: the same commit.
        (self.paths.root / "base.commit").unlink()
        self.assertEqual(prepare_base(self.ksrc, self.series, self.paths).commit, base.commit)

    def test_no_identity_stops_before_anything_is_written(self) -> None:
        with mock.patch.dict(os.environ, CLEAN_ENV, clear=True):
            with self.assertRaisesRegex(VerifyError, "no user identity"):
                prepare_base(self.ksrc, self.series, self.paths)
        self.assertFalse(self.paths.base.exists())

    def test_branch_written_once_and_never_over_someone_elses(self) -> None:
        base = prepare_base(self.ksrc, self.series, self.paths)
        change = branchmod.Change("kthread.c:a", "--- a/kthread.c\n+++ b/kthread.c\n"
                                  "@@ -1,2 +1,2 @@\n-int a;\n+long a;\n int b;\n",
                                  "kthread: Widen a\n\nWhy.\n")
        tip = branchmod.write_branch(base, [change], self.paths)
        self.assertEqual(git(self.ksrc, "rev-parse", "kti/convert").strip(), tip)
        self.assertEqual(git(self.ksrc, "rev-parse", f"{tip}~1").strip(), base.commit)
        self.assertEqual((self.paths.branch_tree / "kthread.c").read_text(),
                         "long a;\nint b;\n")
        self.assertEqual(branchmod.write_branch(base, [change], self.paths), tip)
        self.assertEqual(git(self.ksrc, "rev-parse", "HEAD").strip(), self.head)
        # Someone moves the branch: it is theirs now.
        git(self.ksrc, "update-ref", "refs/heads/kti/convert", self.head)
        with self.assertRaisesRegex(VerifyError, "not the one this tool wrote last"):
            branchmod.write_branch(base, [change], self.paths)
        self.assertEqual(git(self.ksrc, "rev-parse", "kti/convert").strip(), self.head)
        self.assertEqual(branchmod.write_branch(base, [change], self.paths, force=True), tip)

    def test_scratch_is_reset_when_the_work_fails(self) -> None:
        base = prepare_base(self.ksrc, self.series, self.paths)
        scratch = Checkout(self.ksrc, self.paths.scratch, base.commit)
        patch = "--- a/kthread.c\n+++ b/kthread.c\n@@ -1,2 +1,2 @@\n-int a;\n+char a;\n int b;\n"
        with self.assertRaises(RuntimeError):
            with scratch.patched([("u", patch)]) as tree:
                self.assertEqual((tree / "kthread.c").read_text(), "char a;\nint b;\n")
                (tree / "stray.o").write_text("x")
                raise RuntimeError("interrupted")
        self.assertEqual((self.paths.scratch / "kthread.c").read_text(), "int a;\nint b;\n")
        self.assertFalse((self.paths.scratch / "stray.o").exists())
        # A patch that does not apply leaves the tree as it was, too.
        with self.assertRaisesRegex(VerifyError, "u2 does not apply"):
            with scratch.patched([("u1", patch), ("u2", patch)]):
                pass
        self.assertEqual((self.paths.scratch / "kthread.c").read_text(), "int a;\nint b;\n")


if __name__ == "__main__":
    unittest.main()
