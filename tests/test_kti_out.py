# SPDX-License-Identifier: GPL-2.0
"""kti-scan --out never deletes or overwrites what it did not write.

Every refusal must leave each pre-existing file byte for byte and exit 2 before any spatch
run; an accepted folder gets the report files and keeps everything else.
"""
import json
import os
import subprocess

from tests import kti_support as ks
from tests.test_kti_cli import KTI_SCAN, ScanCase

REPORTS = ["index.html", "inventory.csv", "inventory.json", "kthreads.all.txt",
           "kthreads.cocci.txt", "summary.md"]
MANIFEST = ".kti-scan-manifest.json"


class RefusedOutTest(ScanCase):
    """Each --out that is not ours: exit 2, one line naming it, nothing touched."""

    def refused(self, out, words, cwd=None, watch=None):
        watch = watch or self.root
        before = ks.snapshot(watch)
        args = [str(KTI_SCAN), "--tree", str(self.tree), "--out", str(out),
                "--cache", str(self.cache), "--cocci", str(self.cocci),
                "--spatch", str(self.spatch)]
        proc = subprocess.run(args, capture_output=True, text=True, timeout=120, cwd=cwd,
                              env=ks.environ_with(FAKE_SPATCH_LOG=str(self.log)))
        self.assertEqual(proc.returncode, 2, proc.stdout + proc.stderr)
        lines = proc.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, proc.stderr)
        for word in words:
            self.assertIn(word, lines[0])
        self.assertEqual(ks.snapshot(watch), before)
        self.assertFalse(self.log.exists(), "spatch ran before --out was checked")
        self.assertFalse(self.cache.exists())

    def test_out_dot_in_the_tree(self):
        self.refused(".", ["'.'", "is the kernel tree"], cwd=self.tree)

    def test_out_is_the_tree(self):
        self.refused(self.tree, ["is the kernel tree"])

    def test_out_is_a_parent_of_the_tree(self):
        self.refused(self.root, ["contains the kernel tree"])

    def test_out_in_a_tracked_folder_of_the_tree(self):
        self.refused(self.tree / "drivers" / "alpha" / "reports",
                     ["inside the tree's tracked folder 'drivers'"])

    def test_out_in_the_tree_git_folder(self):
        self.refused(self.tree / ".git" / "reports", ["inside the tree's .git"])

    def test_folder_of_user_notes(self):
        notes = self.root / "notes"
        notes.mkdir()
        (notes / "todo.txt").write_text("call Bob\n")
        (notes / "ideas").mkdir()
        (notes / "ideas" / "summary.md").write_text("# my summary\n")
        self.refused(notes, ["holding other files", "ideas"])

    def test_home_like_folder(self):
        home = self.root / "home"
        (home / ".ssh").mkdir(parents=True)
        (home / ".ssh" / "id_ed25519").write_bytes(b"secret\0key")
        (home / ".bashrc").write_text("alias ll='ls -l'\n")
        (home / "inventory.json").write_text('{"mine": true}\n')
        self.refused(home, ["holding other files"])

    def test_folder_with_report_names_but_not_ours(self):
        """A summary.md alone (someone else's) is not a previous report folder."""
        mine = self.root / "mine"
        mine.mkdir()
        (mine / "summary.md").write_text("# mine\n")
        self.refused(mine, ["holding other files"])

    def test_out_below_a_file(self):
        (self.root / "notes.txt").write_text("keep\n")
        self.refused(self.root / "notes.txt" / "reports", ["notes.txt", "is a file"])

    def test_out_is_a_file(self):
        (self.root / "notes.txt").write_text("keep\n")
        self.refused(self.root / "notes.txt", ["exists and is not a directory"])


class AcceptedOutTest(ScanCase):
    def assert_reports(self):
        self.assertEqual(json.loads((self.out / MANIFEST).read_text())["files"], REPORTS)
        for name in REPORTS:
            self.assertTrue((self.out / name).is_file(), name)
        self.assertEqual([p.name for p in self.out.iterdir()
                          if p.name.startswith(".kti-scan-tmp")], [])

    def test_new_nested_folder(self):
        self.out = self.root / "a" / "b" / "reports"
        self.assertEqual(self.kti_scan().returncode, 0)
        self.assert_reports()

    def test_empty_folder(self):
        self.out.mkdir()
        self.assertEqual(self.kti_scan().returncode, 0)
        self.assert_reports()

    def test_untracked_folder_in_the_tree(self):
        self.out = self.tree / "kti-reports"
        proc = self.kti_scan()
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assert_reports()

    def test_rescan_replaces_only_its_own_files(self):
        self.assertEqual(self.kti_scan().returncode, 0)
        (self.out / "my-notes.txt").write_text("mine\n")
        (self.out / "summary.md").write_text("edited\n")
        self.assertEqual(self.kti_scan().returncode, 0)
        self.assertEqual((self.out / "my-notes.txt").read_text(), "mine\n")
        self.assertNotEqual((self.out / "summary.md").read_text(), "edited\n")
        self.assert_reports()

    def test_stale_report_of_an_older_scan_goes_user_file_stays(self):
        self.out.mkdir()
        (self.out / "old-report.txt").write_text("from an older kti-scan\n")
        (self.out / "user.txt").write_text("mine\n")
        (self.out / MANIFEST).write_text(json.dumps(
            {"generator": "kthread-iterant scripts/kti-scan",
             "files": ["old-report.txt", "summary.md"]}))
        self.assertEqual(self.kti_scan().returncode, 0)
        self.assertFalse((self.out / "old-report.txt").exists())
        self.assertEqual((self.out / "user.txt").read_text(), "mine\n")
        self.assert_reports()

    def test_manifest_folder_with_a_foreign_report_name_is_refused(self):
        self.out.mkdir()
        (self.out / MANIFEST).write_text(json.dumps(
            {"generator": "kthread-iterant scripts/kti-scan", "files": ["summary.md"]}))
        (self.out / "index.html").write_text("<p>my page</p>\n")
        proc = self.kti_scan()
        self.assertEqual(proc.returncode, 2)
        self.assertIn("'index.html', which kti-scan did not write", proc.stderr)
        self.assertEqual((self.out / "index.html").read_text(), "<p>my page</p>\n")

    def test_reports_from_before_manifests_are_ours(self):
        """A folder of report files whose inventory.json kti-scan wrote (reports/ as
        committed before manifests) is a previous report folder."""
        self.out.mkdir()
        (self.out / "inventory.json").write_text(json.dumps(
            {"schema_version": 1, "generator": "kthread-iterant scripts/kti-scan"}))
        (self.out / "summary.md").write_text("old\n")
        proc = self.kti_scan()
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assert_reports()

    def test_symlinked_out_is_followed_not_replaced(self):
        real = self.root / "real"
        real.mkdir()
        link = self.root / "link"
        os.symlink(real, link)
        self.out = link
        self.assertEqual(self.kti_scan().returncode, 0)
        self.assertTrue(link.is_symlink())
        self.assertTrue((real / "inventory.json").is_file())
