# SPDX-License-Identifier: GPL-2.0
"""Boot rig: fresh worktree from the baseline, series applied with git apply, KSRC untouched."""
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from kti.boot.errors import RigError  # noqa: E402
from kti.boot.fingerprint import source_fingerprint  # noqa: E402
from kti.boot.worktree import prepare_worktree  # noqa: E402

# Only for building the fixture repository; the rig itself must work without any identity.
ENV = {"GIT_AUTHOR_NAME": "Fixture", "GIT_AUTHOR_EMAIL": "fixture@fixture.invalid",
       "GIT_COMMITTER_NAME": "Fixture", "GIT_COMMITTER_EMAIL": "fixture@fixture.invalid",
       "PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], env=ENV, check=True,
                          capture_output=True, text=True).stdout


class WorktreeTest(unittest.TestCase):
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
        self.baseline = git(self.ksrc, "rev-parse", "HEAD").strip()
        # Two patches made on a scratch branch, then the branch is dropped.
        git(self.ksrc, "checkout", "-q", "-b", "work")
        (self.ksrc / "kthread.c").write_text("int a;\nint b;\n")
        git(self.ksrc, "commit", "-q", "-am", "kthread: Add b")
        (self.ksrc / "new.c").write_text("int c;\n")
        git(self.ksrc, "add", "new.c")
        git(self.ksrc, "commit", "-q", "-m", "Add c")
        self.patch_dir = root / "patches"
        git(self.ksrc, "format-patch", "-q", "-o", str(self.patch_dir), self.baseline)
        git(self.ksrc, "checkout", "-q", "master")
        git(self.ksrc, "branch", "-q", "-D", "work")
        self.patches = sorted(self.patch_dir.glob("*.patch"))
        self.dest = root / "build" / "src"

    def tearDown(self) -> None:
        self.tmp.cleanup()

    def prepare(self, patches):  # noqa: ANN001, ANN201 (test helper)
        return prepare_worktree(self.ksrc, self.dest, patches,
                                source_fingerprint(self.baseline, patches))

    def test_series_applied_and_ksrc_untouched(self) -> None:
        tree = self.prepare(self.patches)
        self.assertFalse(tree.reused)
        self.assertEqual((self.dest / "kthread.c").read_text(), "int a;\nint b;\n")
        self.assertTrue((self.dest / "new.c").is_file())
        # Applied to the index, not committed: HEAD stays the baseline.
        self.assertEqual(git(self.dest, "rev-parse", "HEAD").strip(), self.baseline)
        self.assertEqual(git(self.dest, "diff", "--cached", "--name-only", self.baseline).split(),
                         ["kthread.c", "new.c"])
        self.assertEqual(tree.tree, git(self.dest, "write-tree").strip())
        self.assertEqual((self.ksrc / "kthread.c").read_text(), "int a;\n")
        self.assertEqual(git(self.ksrc, "rev-parse", "HEAD").strip(), self.baseline)
        self.assertEqual(git(self.ksrc, "status", "--porcelain"), "")

    def test_same_inputs_reuse_changed_inputs_refresh(self) -> None:
        self.prepare(self.patches)
        self.assertTrue(self.prepare(self.patches).reused)
        tree = self.prepare(self.patches[:1])
        self.assertFalse(tree.reused)
        self.assertFalse((self.dest / "new.c").exists())

    def test_unchanged_files_keep_their_mtime_across_a_series_change(self) -> None:
        self.prepare(self.patches)
        kthread = self.dest / "kthread.c"
        os.utime(kthread, ns=(0, 1_000_000_000))
        # Drop the second patch: kthread.c has the same content, new.c goes away.
        self.prepare(self.patches[:1])
        self.assertEqual(kthread.stat().st_mtime_ns, 1_000_000_000)
        self.assertFalse((self.dest / "new.c").exists())

    def test_changed_files_get_a_new_mtime(self) -> None:
        self.prepare(self.patches[:1])
        kthread = self.dest / "kthread.c"
        os.utime(kthread, ns=(0, 1_000_000_000))
        self.prepare([])
        self.assertEqual(kthread.read_text(), "int a;\n")
        self.assertGreater(kthread.stat().st_mtime_ns, 1_000_000_000)

    def test_local_edit_forces_a_fresh_copy(self) -> None:
        self.prepare(self.patches)
        (self.dest / "kthread.c").write_text("tampered\n")
        (self.dest / "stray.o").write_text("")
        tree = self.prepare(self.patches)
        self.assertFalse(tree.reused)
        self.assertEqual((self.dest / "kthread.c").read_text(), "int a;\nint b;\n")
        self.assertFalse((self.dest / "stray.o").exists())

    def test_failing_patch_is_named(self) -> None:
        bad = self.patch_dir / "0003-broken.patch"
        text = self.patches[0].read_text().replace(" int a;", " int zzz;")
        bad.write_text(text)
        with self.assertRaisesRegex(RigError, "0003-broken.patch does not apply"):
            self.prepare([bad])
        # No half-applied state is taken for a good one next time.
        self.assertFalse(self.prepare(self.patches).reused)

    def converter_diff(self) -> Path:
        """A plain -p1 diff (no mail header) against baseline + series, like the converter's."""
        diff = self.patch_dir / "0001-kthread-c-a.diff"
        diff.write_text("--- a/kthread.c\n+++ b/kthread.c\n@@ -1,2 +1,2 @@\n"
                        "-int a;\n+int a_iterant;\n int b;\n")
        return diff

    def test_plain_diff_staged_after_the_series_and_reused(self) -> None:
        diff = self.converter_diff()
        tree = self.prepare([*self.patches, diff])
        self.assertFalse(tree.reused)
        self.assertEqual((self.dest / "kthread.c").read_text(), "int a_iterant;\nint b;\n")
        # Everything is staged, series and diff alike.
        self.assertEqual(git(self.dest, "diff", "--cached", "--name-only"), "kthread.c\nnew.c\n")
        # Staged, not committed: the next run with the same inputs takes the tree as is.
        self.assertTrue(self.prepare([*self.patches, diff]).reused)
        # Without the diff the file goes back to what the series made.
        self.assertFalse(self.prepare(self.patches).reused)
        self.assertEqual((self.dest / "kthread.c").read_text(), "int a;\nint b;\n")

    def test_diff_that_does_not_apply_is_named(self) -> None:
        diff = self.converter_diff()
        with self.assertRaisesRegex(RigError, "patch 0001-kthread-c-a.diff does not apply"):
            self.prepare([diff])

    def test_no_git_identity_needed(self) -> None:
        empty_home = Path(self.tmp.name) / "home"
        empty_home.mkdir()
        bare = {"PATH": "/usr/bin:/bin", "HOME": str(empty_home), "GIT_CONFIG_NOSYSTEM": "1"}
        with mock.patch.dict(os.environ, bare, clear=True):
            tree = self.prepare(self.patches)
        self.assertFalse(tree.reused)
        self.assertTrue((self.dest / "new.c").is_file())

    def test_staged_edit_forces_a_fresh_copy(self) -> None:
        self.prepare(self.patches)
        (self.dest / "kthread.c").write_text("staged\n")
        git(self.dest, "add", "kthread.c")
        tree = self.prepare(self.patches)
        self.assertFalse(tree.reused)
        self.assertEqual((self.dest / "kthread.c").read_text(), "int a;\nint b;\n")

    def test_not_a_git_tree(self) -> None:
        plain = Path(self.tmp.name) / "plain"
        plain.mkdir()
        (plain / "Makefile").write_text("")
        with self.assertRaisesRegex(RigError, "not a git work tree"):
            prepare_worktree(plain, self.dest, [], "x")


if __name__ == "__main__":
    unittest.main()
