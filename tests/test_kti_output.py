# SPDX-License-Identifier: GPL-2.0
"""Atomic report writing: all files or none, old reports kept on failure."""
import unittest
from unittest import mock

from tests import kti_support as ks
from kti import output


class OutputTest(unittest.TestCase):
    def setUp(self):
        self.tmp = ks.TempDir()
        self.addCleanup(self.tmp.__exit__)
        self.out = self.tmp.path / "reports"

    def listing(self):
        return sorted(p.name for p in self.tmp.path.iterdir())

    def test_creates_then_replaces(self):
        output.write_reports(self.out, {"a.txt": "one\n", "b.txt": "two\n"})
        self.assertEqual(sorted(p.name for p in self.out.iterdir()), ["a.txt", "b.txt"])
        output.write_reports(self.out, {"c.txt": "three\n"})
        self.assertEqual([p.name for p in self.out.iterdir()], ["c.txt"])
        self.assertEqual(self.listing(), ["reports"])

    def test_keeps_what_other_tools_wrote(self):
        """A re-scan keeps series/ (make patches) and conversions.json (make convert)."""
        output.write_reports(self.out, {"index.html": "old\n", "stale.txt": "x\n"})
        (self.out / "series").mkdir()
        (self.out / "series" / "dm.html").write_text("page\n")
        (self.out / "conversions.json").write_text("{}\n")
        output.write_reports(self.out, {"index.html": "new\n", "sub/x.txt": "nested\n"},
                             keep=("series", "conversions.json", "conversions.md"))
        self.assertEqual(sorted(str(p.relative_to(self.out)) for p in self.out.rglob("*")),
                         ["conversions.json", "index.html", "series", "series/dm.html", "sub",
                          "sub/x.txt"])
        self.assertEqual((self.out / "series" / "dm.html").read_text(), "page\n")
        self.assertEqual((self.out / "index.html").read_text(), "new\n")

    def test_failure_while_writing_keeps_old_reports(self):
        output.write_reports(self.out, {"a.txt": "old\n"})
        with self.assertRaises(TypeError):
            output.write_reports(self.out, {"a.txt": "new\n", "b.txt": None})
        self.assertEqual((self.out / "a.txt").read_text(), "old\n")
        self.assertEqual(self.listing(), ["reports"])

    def test_failure_during_swap_restores_old_reports(self):
        output.write_reports(self.out, {"a.txt": "old\n"})
        real_rename = output.os.rename
        calls = []

        def failing_rename(src, dst):
            calls.append((src, dst))
            if len(calls) == 2:  # moving the new directory into place
                raise OSError("disk full")
            return real_rename(src, dst)

        with mock.patch.object(output.os, "rename", failing_rename):
            with self.assertRaises(OSError):
                output.write_reports(self.out, {"a.txt": "new\n"})
        self.assertEqual((self.out / "a.txt").read_text(), "old\n")
        self.assertEqual(self.listing(), ["reports"])


if __name__ == "__main__":
    unittest.main()
