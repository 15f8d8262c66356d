# SPDX-License-Identifier: GPL-2.0
"""scripts/kti-scan end to end with a fake spatch: bad input, failures, reports, cache."""
import json
import subprocess
import unittest

from tests import kti_support as ks

KTI_SCAN = ks.PROJECT_ROOT / "scripts" / "kti-scan"


class ScanCase(unittest.TestCase):
    """A fresh temp dir with a fake spatch, a dummy .cocci and the small fixture tree."""

    def setUp(self):
        self.tmp = ks.TempDir()
        self.root = self.tmp.path
        self.addCleanup(self.tmp.__exit__)
        self.spatch = ks.make_fake_spatch(self.root)
        self.cocci = self.root / "detector.cocci"
        self.cocci.write_text("// fake detector\nvirtual report\n")
        self.log = self.root / "spatch.log"
        self.tree = ks.git_tree(self.root / "linux", ks.small_tree_files())
        self.out = self.root / "out"
        self.cache = self.root / "cache"

    def kti_scan(self, *extra: str, tree=None, spatch=None, env=None):
        args = [str(KTI_SCAN), "--tree", str(tree or self.tree), "--out", str(self.out),
                "--cache", str(self.cache), "--cocci", str(self.cocci),
                "--spatch", str(spatch or self.spatch), "--jobs", "2", *extra]
        return subprocess.run(args, capture_output=True, text=True, timeout=120,
                              env=env or ks.environ_with(FAKE_SPATCH_LOG=str(self.log)))

    def spatch_runs(self) -> list:
        """Files per spatch process since the last call (and reset the log)."""
        if not self.log.exists():
            return []
        runs = [line.split() for line in self.log.read_text().splitlines()]
        self.log.unlink()
        return runs

    def inventory(self) -> dict:
        return json.loads((self.out / "inventory.json").read_text())


class BadInputTest(ScanCase):
    """Each bad input: one-line error naming it, exit status 2, nothing written."""

    def assert_refused(self, proc, words):
        self.assertEqual(proc.returncode, 2, proc.stderr)
        lines = proc.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, proc.stderr)
        for word in words:
            self.assertIn(word, lines[0])
        self.assertFalse(self.out.exists())
        self.assertFalse(self.cache.exists())

    def test_missing_tree(self):
        self.assert_refused(self.kti_scan(tree=self.root / "nope"), ["nope", "does not exist"])

    def test_tree_not_git(self):
        plain = self.root / "plain"
        plain.mkdir()
        (plain / "a.c").write_text("int x;\n")
        self.assert_refused(self.kti_scan(tree=plain), ["plain", "not a git work tree"])

    def test_missing_spatch(self):
        self.assert_refused(self.kti_scan(spatch=self.root / "no-spatch"),
                            ["spatch not found", "no-spatch"])

    def test_spatch_too_old(self):
        old = self.root / "old"
        old.mkdir()
        self.assert_refused(self.kti_scan(spatch=ks.make_fake_spatch(old, "1.0.8")),
                            ["1.0.8", "need >= 1.1.1"])

    def test_out_is_a_file(self):
        self.out.write_text("keep me")
        proc = self.kti_scan()
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn("not a directory", proc.stderr)
        self.assertEqual(self.out.read_text(), "keep me")

    def test_missing_cocci(self):
        self.cocci.unlink()
        self.assert_refused(self.kti_scan(), ["detector.cocci", "does not exist"])


class ReportsTest(ScanCase):
    def test_reports_written_and_consistent(self):
        proc = self.kti_scan()
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(sorted(p.name for p in self.out.iterdir()),
                         ["index.html", "inventory.csv", "inventory.json",
                          "kthreads.all.txt", "kthreads.cocci.txt", "summary.md"])
        inv = self.inventory()
        self.assertEqual(inv["schema_version"], 2)
        names = {t["name"]: t for t in inv["thread_functions"]}
        self.assertEqual(set(names), {"alpha_thread", "beta_thread"})
        self.assertEqual(names["alpha_thread"]["subsystem"], "ALPHA SUBSYSTEM")
        self.assertEqual(names["beta_thread"]["subsystem"], "BETA AND GAMMA")
        # beta_thread is created in fs/gamma/start.c: a cross-file tie.
        self.assertEqual(names["beta_thread"]["creation_sites"], ["fs/gamma/start.c:8:0"])
        self.assertEqual(inv["accounting"]["creation_sites"], 2)
        self.assertEqual(inv["accounting"]["unresolved"], 0)
        self.assertEqual(inv["crosscheck"]["grep_hits"], 2)
        self.assertEqual(inv["crosscheck"]["matched"], 2)
        per_file = (self.out / "kthreads.cocci.txt").read_text().splitlines()
        self.assertTrue(per_file[0].startswith("# kthreads.cocci.txt: what plain coccicheck"))
        self.assertEqual([line for line in per_file if not line.startswith("#")],
                         ["drivers/alpha/core.c:4:11-23: thread function alpha_thread"])
        html = (self.out / "index.html").read_text()
        self.assertIn('id="kt-drivers-alpha-core.c-alpha_thread-4"', html)
        self.assertIn("<svg", html)
        self.assertNotIn("http://", html.replace('xmlns="http://www.w3.org/2000/svg"', ""))
        self.assertIn("| auto | 1 |", (self.out / "summary.md").read_text())
        csv_rows = (self.out / "inventory.csv").read_text().splitlines()
        self.assertEqual(len(csv_rows), 3)

    def test_failures_listed_everywhere_and_scan_continues(self):
        (self.tree / "drivers/alpha/crash.c").write_text(
            "/* FAKE-CRASH */\nint kthread_should_stop(void);\n")
        (self.tree / "fs/beta/hang.c").write_text("/* FAKE-HANG */\nint kthread_run;\n")
        subprocess.run(["git", "add", "-A"], cwd=self.tree, check=True)
        # A tracked file replaced by a directory cannot be read, even by root.
        (self.tree / "fs/gamma/gone.c").write_text("int x;\n")
        subprocess.run(["git", "add", "-A"], cwd=self.tree, check=True)
        (self.tree / "fs/gamma/gone.c").unlink()
        (self.tree / "fs/gamma/gone.c").mkdir()
        proc = self.kti_scan("--timeout", "3")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        inv = self.inventory()
        failed = {f["file"]: f["status"] for f in inv["failures"]}
        self.assertEqual(failed, {"drivers/alpha/crash.c": "crashed",
                                  "fs/beta/hang.c": "timeout",
                                  "fs/gamma/gone.c": "unreadable"})
        # The good files still produced their thread functions.
        self.assertEqual(inv["accounting"]["thread_functions"], 2)
        for name in ("summary.md", "index.html", "kthreads.cocci.txt", "kthreads.all.txt",
                     "inventory.csv"):
            text = (self.out / name).read_text()
            for path in failed:
                self.assertIn(path, text, f"{path} missing from {name}")

    def test_replaces_previous_reports_completely(self):
        self.out.mkdir()
        (self.out / "stale.txt").write_text("old")
        self.assertEqual(self.kti_scan().returncode, 0)
        self.assertFalse((self.out / "stale.txt").exists())
        leftovers = [p.name for p in self.root.iterdir() if p.name.startswith(".out.")]
        self.assertEqual(leftovers, [])


class CacheTest(ScanCase):
    def scanned_files(self) -> set:
        return {name for run in self.spatch_runs() for name in run}

    def test_warm_rescan_runs_no_spatch(self):
        self.assertEqual(self.kti_scan().returncode, 0)
        self.assertEqual(self.scanned_files(), {"drivers/alpha/core.c", "fs/beta/thread.c",
                                                "fs/gamma/start.c"})
        first = (self.out / "inventory.json").read_text()
        self.assertEqual(self.kti_scan().returncode, 0)
        self.assertEqual(self.scanned_files(), set())
        self.assertEqual((self.out / "inventory.json").read_text(), first)

    def test_changed_file_is_rescanned_alone(self):
        self.assertEqual(self.kti_scan().returncode, 0)
        self.spatch_runs()
        path = self.tree / "fs/beta/thread.c"
        path.write_text(path.read_text().replace("n++;", "n += 2;"))
        self.assertEqual(self.kti_scan().returncode, 0)
        self.assertEqual(self.scanned_files(), {"fs/beta/thread.c"})

    def test_changed_cocci_invalidates_everything(self):
        self.assertEqual(self.kti_scan().returncode, 0)
        self.spatch_runs()
        self.cocci.write_text(self.cocci.read_text() + "// changed\n")
        self.assertEqual(self.kti_scan().returncode, 0)
        self.assertEqual(len(self.scanned_files()), 3)

    def test_corrupt_entry_is_a_miss(self):
        self.assertEqual(self.kti_scan().returncode, 0)
        self.spatch_runs()
        entries = sorted(p for p in self.cache.glob("*/??/*.json")
                         if not p.parts[-3].startswith("spans-v"))
        self.assertEqual(len(entries), 3)
        entries[0].write_text("{not json")
        self.assertEqual(self.kti_scan().returncode, 0)
        self.assertEqual(len(self.scanned_files()), 1)


if __name__ == "__main__":
    unittest.main()
