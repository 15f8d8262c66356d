# SPDX-License-Identifier: GPL-2.0
"""Report writing: whole files only, the manifest says what is ours, nothing else touched."""
import json
import subprocess
import unittest
from unittest import mock

from tests import kti_support as ks
from kti import output
from kti.errors import InputError

NAMES = ("a.txt", "b.txt")


class OutputTest(unittest.TestCase):
    def setUp(self):
        self.tmp = ks.TempDir()
        self.addCleanup(self.tmp.__exit__)
        self.tree = self.tmp.path / "tree"
        self.tree.mkdir()
        subprocess.run(["git", "init", "-q", str(self.tree)], check=True)
        self.out = self.tmp.path / "reports"

    def write(self, files):
        output.write_reports(output.check_report_dir(str(self.out), self.tree, NAMES), files)

    def listing(self):
        return sorted(p.name for p in self.out.iterdir())

    def manifest(self):
        return json.loads((self.out / output.MANIFEST).read_text())["files"]

    def test_creates_then_replaces_its_own_files(self):
        self.write({"a.txt": "one\n", "b.txt": "two\n"})
        self.assertEqual(self.listing(), [output.MANIFEST, "a.txt", "b.txt"])
        self.assertEqual(self.manifest(), ["a.txt", "b.txt"])
        self.write({"a.txt": "three\n"})
        self.assertEqual(self.listing(), [output.MANIFEST, "a.txt"])
        self.assertEqual((self.out / "a.txt").read_text(), "three\n")
        self.assertEqual(self.manifest(), ["a.txt"])

    def test_keeps_what_other_tools_wrote(self):
        """A re-scan keeps series/ (make patches) and conversions.json (make convert)."""
        self.write({"a.txt": "old\n", "b.txt": "x\n"})
        (self.out / "series").mkdir()
        (self.out / "series" / "dm.html").write_text("page\n")
        (self.out / "conversions.json").write_text("{}\n")
        self.write({"a.txt": "new\n"})
        self.assertEqual(sorted(str(p.relative_to(self.out)) for p in self.out.rglob("*")),
                         [output.MANIFEST, "a.txt", "conversions.json", "series",
                          "series/dm.html"])
        self.assertEqual((self.out / "series" / "dm.html").read_text(), "page\n")
        self.assertEqual((self.out / "conversions.json").read_text(), "{}\n")
        self.assertEqual((self.out / "a.txt").read_text(), "new\n")

    def test_failure_while_writing_keeps_old_reports(self):
        self.write({"a.txt": "old\n"})
        with self.assertRaises(TypeError):
            self.write({"a.txt": "new\n", "b.txt": None})
        self.assertEqual((self.out / "a.txt").read_text(), "old\n")
        self.assertEqual(self.listing(), [output.MANIFEST, "a.txt"])

    def test_failure_while_renaming_leaves_no_temporary_file(self):
        self.write({"a.txt": "old\n"})
        with mock.patch.object(output.os, "replace", side_effect=OSError("disk full")):
            with self.assertRaises(OSError):
                self.write({"a.txt": "new\n"})
        self.assertEqual((self.out / "a.txt").read_text(), "old\n")
        self.assertEqual(self.listing(), [output.MANIFEST, "a.txt"])

    def test_file_appearing_during_the_scan_is_not_replaced(self):
        target = output.check_report_dir(str(self.out), self.tree, NAMES)
        self.out.mkdir()
        (self.out / "b.txt").write_text("the user's\n")
        with self.assertRaisesRegex(InputError, "appeared during the scan"):
            output.write_reports(target, {"a.txt": "1\n", "b.txt": "2\n"})
        self.assertEqual((self.out / "b.txt").read_text(), "the user's\n")
        self.assertFalse([p for p in self.listing() if p.startswith(".kti-scan-tmp")])

    def test_damaged_manifest_is_refused(self):
        self.out.mkdir()
        (self.out / output.MANIFEST).write_text('{"generator": "kthread-iterant '
                                                'scripts/kti-scan", "files": ["../x"]}')
        with self.assertRaisesRegex(InputError, "names files outside the folder"):
            output.check_report_dir(str(self.out), self.tree, NAMES)
        (self.out / output.MANIFEST).write_text("[1, 2]")
        with self.assertRaisesRegex(InputError, "unreadable"):
            output.check_report_dir(str(self.out), self.tree, NAMES)


if __name__ == "__main__":
    unittest.main()
