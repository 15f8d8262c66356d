# SPDX-License-Identifier: GPL-2.0
"""The whole pipeline with the real spatch and cocci/kthread_threads.cocci.

Copies tests/fixture-tree/ (two demo subsystems plus an smpboot user, with a wrapper, a
cross-file thread function, a file only the second phase finds, an unresolvable ops-table
thread, a comment and an #if 0 call) into a git tree and checks the inventory.
"""
import json
import shutil
import subprocess
import unittest

from tests import kti_support as ks

FIXTURE = ks.PROJECT_ROOT / "tests" / "fixture-tree"
COCCI = ks.PROJECT_ROOT / "cocci" / "kthread_threads.cocci"


class EndToEndTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = ks.TempDir()
        tree = cls.tmp.path / "linux"
        shutil.copytree(FIXTURE, tree)
        ks.git_tree(tree, {})
        cls.out = cls.tmp.path / "out"
        cls.command = [str(ks.PROJECT_ROOT / "scripts" / "kti-scan"), "--tree", str(tree),
                       "--out", str(cls.out), "--cache", str(cls.tmp.path / "cache"),
                       "--cocci", str(COCCI)]
        cls.proc = subprocess.run(cls.command, capture_output=True, text=True, timeout=600)
        cls.inv = (json.loads((cls.out / "inventory.json").read_text())
                   if cls.proc.returncode == 0 else {})

    @classmethod
    def tearDownClass(cls):
        cls.tmp.__exit__()

    def setUp(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stderr)
        self.functions = {t["name"]: t for t in self.inv["thread_functions"]}
        self.sites = {(s["file"], s["line"]): s for s in self.inv["creation_sites"]}

    def test_thread_functions_and_verdicts(self):
        got = {n: (t["verdict"], t["subsystem"], t["tied"]) for n, t in self.functions.items()}
        self.assertEqual(got, {
            "demo_poll": ("auto", "DEMO DRIVER", True),
            "demo_count_thread": ("care", "DEMO DRIVER", True),
            "toyfs_gc_thread": ("manual", "TOYFS FILE SYSTEM", True),
            "toyfs_oneshot": ("manual", "TOYFS FILE SYSTEM", True),
            "toy_fn": ("smpboot", "TOY SMPBOOT", True),
        })
        self.assertIn("goto", " ".join(self.functions["toyfs_gc_thread"]["exit"]))

    def test_cross_file_and_wrapper_resolution(self):
        wrapper_site = self.sites[("drivers/demo/demo_core.c", 26)]
        self.assertEqual(wrapper_site["wrapper"], "demo_start_worker")
        self.assertEqual(wrapper_site["thread_functions"],
                         ["drivers/demo/demo_user.c:demo_count_thread:16"])
        self.assertEqual(self.sites[("fs/toyfs/super.c", 12)]["thread_functions"],
                         ["fs/toyfs/gc.c:toyfs_gc_thread:7"])
        self.assertEqual(self.inv["scan"]["files_second_phase"], ["fs/toyfs/oneshot.c"])

    def test_accounting_and_unresolved(self):
        acc = self.inv["accounting"]
        self.assertEqual(acc["creation_sites"], 5)
        self.assertEqual(acc["resolved"], 4)
        self.assertEqual(acc["unresolved"], 1)
        self.assertIn("structure field", self.sites[("drivers/demo/demo_user.c", 32)]["reason"])
        self.assertEqual(self.inv["failures"], [])

    def test_grep_differences_explained(self):
        diffs = {(d["file"], d["line"]): d["explanation"]
                 for d in self.inv["crosscheck"]["differences"]}
        self.assertEqual(diffs, {("drivers/demo/demo_core.c", 5): "in a comment",
                                 ("drivers/demo/demo_core.c", 33):
                                     "in #if 0 code: never compiled"})
        self.assertEqual(self.inv["crosscheck"]["matched"], 5)

    def test_rescan_is_identical_and_needs_one_grep(self):
        self.assertIn("git grep(s)", self.proc.stdout)
        first = (self.out / "inventory.json").read_text()
        again = subprocess.run(self.command, capture_output=True, text=True, timeout=600)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("spatch ran on 0, ", again.stdout)
        self.assertIn(", 1 git grep(s),", again.stdout)
        self.assertEqual((self.out / "inventory.json").read_text(), first)

    def test_coccicheck_lines_are_tree_relative(self):
        for name in ("kthreads.cocci.txt", "kthreads.all.txt"):
            lines = [line for line in (self.out / name).read_text().splitlines()
                     if not line.startswith("#")]
            self.assertTrue(lines, name)
            for line in lines:
                self.assertRegex(line, r"^(drivers|fs|kernel)/[\w/.-]+:\d+:\d+-\d+: \S")

    def test_complete_list_resolves_across_files(self):
        per_file = (self.out / "kthreads.cocci.txt").read_text()
        complete = (self.out / "kthreads.all.txt").read_text()
        self.assertIn("fs/toyfs/super.c:12:", per_file)
        self.assertIn("kthread_create() starts toyfs_gc_thread, not defined as int "
                      "toyfs_gc_thread(void *) "
                      "in this file", per_file)
        self.assertRegex(complete, r"fs/toyfs/super.c:12:\d+-\d+: kthread_create\(\) starts "
                                   r"toyfs_gc_thread \(fs/toyfs/gc.c:7\)\n")
        self.assertRegex(complete, r"fs/toyfs/gc.c:7:\d+-\d+: kthread thread function "
                                   r"toyfs_gc_thread: ")
        self.assertIn("unresolved: thread function comes from a structure field", complete)


if __name__ == "__main__":
    unittest.main()
