# SPDX-License-Identifier: GPL-2.0
"""scripts/kti-scan end to end with a fake spatch: bad input, failures, reports, cache."""
import json
import os
import signal
import subprocess
import time
import unittest
from pathlib import Path

from tests import kti_support as ks
from kti.cache import CACHE_FORMAT

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
        proc = self.kti_scan(tree=plain)
        self.assert_refused(proc, ["plain", "not a git work tree",
                                   "git: not a git repository"])
        self.assertNotIn("git init", proc.stderr)

    @unittest.skipUnless(os.geteuid() == 0, "giving the tree to another user needs root")
    def test_tree_of_another_user_gets_gits_reason(self):
        """git refuses a repository owned by someone else: say what git says, no git init."""
        os.chown(self.tree, 65534, 65534)
        home = self.root / "home"
        home.mkdir()
        env = ks.environ_with(HOME=str(home), GIT_CONFIG_NOSYSTEM="1",
                              FAKE_SPATCH_LOG=str(self.log))
        proc = self.kti_scan(env=env)
        self.assert_refused(proc, ["git cannot use the kernel tree", "dubious ownership",
                                   f"safe.directory {self.tree}"])
        self.assertNotIn("git init", proc.stderr)
        self.assertNotIn("not a git work tree", proc.stderr)

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

    def test_jobs_and_timeout_must_be_positive(self):
        for option, value, words in (("--jobs", "0", "must be at least 1, not 0"),
                                     ("--jobs", "-1", "must be at least 1, not -1"),
                                     ("--timeout", "0", "must be at least 1, not 0"),
                                     ("--timeout", "-5", "must be at least 1, not -5"),
                                     ("--jobs", "two", "'two' is not a whole number")):
            with self.subTest(option=option, value=value):
                proc = self.kti_scan(option, value)
                self.assertEqual(proc.returncode, 2, proc.stderr)
                self.assertIn(f"argument {option}: {words}", proc.stderr)
                self.assertFalse(self.out.exists())
                self.assertFalse(self.log.exists(), "spatch ran")

    def test_missing_cocci(self):
        self.cocci.unlink()
        self.assert_refused(self.kti_scan(), ["detector.cocci", "does not exist"])


class ReportsTest(ScanCase):
    def test_reports_written_and_consistent(self):
        proc = self.kti_scan()
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(sorted(p.name for p in self.out.iterdir()),
                         [".kti-scan-manifest.json", "index.html", "inventory.csv",
                          "inventory.json", "kthreads.all.txt", "kthreads.cocci.txt",
                          "summary.md"])
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


class EmptyTreeTest(ScanCase):
    """A tree without kthreads is no error, but the user is told the reports are empty."""

    def test_tree_without_c_files(self):
        empty = self.root / "empty"
        empty.mkdir()
        subprocess.run(["git", "init", "-q", str(empty)], check=True)
        proc = self.kti_scan(tree=empty)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("no .c or .h file of", proc.stderr)
        self.assertIn("the reports are empty", proc.stderr)
        self.assertEqual(self.inventory()["thread_functions"], [])

    def test_tree_without_kthreads(self):
        # try_to_freeze() makes the prefilter pick the file; it holds no thread.
        plain = ks.git_tree(self.root / "plain", {"lib/sum.c": "int sum(int a, int b)\n"
                                                  "{\n\ttry_to_freeze();\n"
                                                  "\treturn a + b;\n}\n",
                                                  "include/sum.h": "int sum(int, int);\n"})
        proc = self.kti_scan(tree=plain)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("no kernel thread found in", proc.stderr)
        self.assertIn("the reports are empty", proc.stderr)
        self.assertEqual(self.inventory()["accounting"]["creation_sites"], 0)

    def test_tree_with_kthreads_says_nothing_on_stderr(self):
        proc = self.kti_scan()
        self.assertEqual((proc.returncode, proc.stderr), (0, ""))


class UntrackedTest(ScanCase):
    def test_new_untracked_driver_is_scanned_ignored_one_is_not(self):
        driver = "\n".join([
            "#include <linux/kthread.h>",
            "static int wip_thread(void *data) " + ks.threadfn("wip_thread"),
            "{",
            "\twhile (!kthread_should_stop())",
            "\t\tschedule();",
            "\treturn 0;",
            "}",
            "int wip_start(void)",
            "{",
            "\tkthread_run(wip_thread, NULL, \"wip\"); " + ks.create("wip_thread", "wip_start"),
            "\treturn 0;",
            "}", ""])
        (self.tree / "drivers/wip").mkdir()
        (self.tree / "drivers/wip/wip.c").write_text(driver)
        # A name that is also a glob matching the ignored file: searched as named only.
        (self.tree / "drivers/wip/generate[d].c").write_text("int kthread_should_stop;\n")
        (self.tree / "drivers/wip/generated.c").write_text(driver.replace("wip_", "gen_"))
        (self.tree / ".gitignore").write_text("generated.c\n")
        proc = self.kti_scan()
        self.assertEqual(proc.returncode, 0, proc.stderr)
        inv = self.inventory()
        names = {t["name"]: t["creation_sites"] for t in inv["thread_functions"]}
        self.assertEqual(names["wip_thread"], ["drivers/wip/wip.c:10:0"])
        self.assertNotIn("gen_thread", names)
        self.assertEqual(inv["scan"]["files_untracked"],
                         ["drivers/wip/generate[d].c", "drivers/wip/wip.c"])
        self.assertIn("(2 untracked searched)", proc.stdout)
        self.assertEqual(inv["crosscheck"]["grep_hits"], 3)


class InterruptTest(ScanCase):
    """Ctrl-C: spatch killed at once, finished files cached, one line, exit 130."""

    def spatch_processes(self) -> list:
        found = []
        for entry in Path("/proc").iterdir():
            try:
                if str(self.spatch).encode() in (entry / "cmdline").read_bytes():
                    found.append(entry.name)
            except OSError:
                continue
        return found

    def cached_entries(self) -> int:
        return len([p for p in self.cache.glob("*/??/*.json")
                    if not p.parts[-3].startswith("spans-v")])

    def wait_for(self, condition, what: str) -> None:
        deadline = time.monotonic() + 60
        while not condition():
            self.assertLess(time.monotonic(), deadline, f"timed out waiting for {what}")
            time.sleep(0.05)

    def interrupt(self, signum: int) -> subprocess.CompletedProcess:
        args = [str(KTI_SCAN), "--tree", str(self.tree), "--out", str(self.out),
                "--cache", str(self.cache), "--cocci", str(self.cocci),
                "--spatch", str(self.spatch), "--jobs", "2"]
        env = ks.environ_with(FAKE_SPATCH_LOG=str(self.log), FAKE_SPATCH_SLOW="60",
                              KTI_PROGRESS_INTERVAL="0")
        # Its own process group, signalled as a whole: what a terminal does on Ctrl-C.
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env, start_new_session=True)
        self.addCleanup(proc.kill)
        self.wait_for(lambda: self.cached_entries() == 3
                      and "fs/beta/slow.c" in (self.log.read_text() if self.log.exists()
                                               else ""), "the fast files and slow.c")
        sent = time.monotonic()
        os.killpg(proc.pid, signum)
        out, err = proc.communicate(timeout=30)
        self.elapsed = time.monotonic() - sent
        return subprocess.CompletedProcess(args, proc.returncode, out, err)

    def setUp(self):
        super().setUp()
        (self.tree / "fs/beta/slow.c").write_text(
            "/* FAKE-SLOW */\nint slow_thread(void *data) " + ks.threadfn("slow_thread")
            + "\n{\n\treturn kthread_should_stop();\n}\n")
        subprocess.run(["git", "add", "-A"], cwd=self.tree, check=True)

    def test_ctrl_c_stops_within_two_seconds_and_keeps_finished_files(self):
        proc = self.interrupt(signal.SIGINT)
        self.assertEqual(proc.returncode, 130, proc.stderr)
        self.assertLess(self.elapsed, 2.0)
        self.assertEqual(proc.stderr.strip().splitlines(),
                         ["kti-scan: stopped by SIGINT; finished files stay in the cache"])
        self.assertEqual(self.spatch_processes(), [])
        self.assertFalse(self.out.exists())
        self.spatch_runs()
        # The next scan reuses the three finished files and runs spatch on slow.c only.
        again = self.kti_scan()
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertEqual(self.spatch_runs(), [["fs/beta/slow.c"]])
        names = {t["name"] for t in self.inventory()["thread_functions"]}
        self.assertEqual(names, {"alpha_thread", "beta_thread", "slow_thread"})

    def test_sigterm_stops_the_same_way(self):
        proc = self.interrupt(signal.SIGTERM)
        self.assertEqual(proc.returncode, 143, proc.stderr)
        self.assertIn("stopped by SIGTERM", proc.stderr)
        self.assertNotIn("Traceback", proc.stderr)
        self.assertEqual(self.spatch_processes(), [])


class ProgressTest(ScanCase):
    """Without a terminal, a plain progress line every interval, the resolve phase too."""

    def test_plain_lines_in_a_log(self):
        (self.tree / "fs/beta/slow.c").write_text(
            "/* FAKE-SLOW */\nint slow_thread(void *data) " + ks.threadfn("slow_thread")
            + "\n{\n\treturn kthread_should_stop();\n}\n")
        # Created in fs/gamma, defined where no prefilter word appears: the resolver's
        # second phase finds and scans it.
        (self.tree / "fs/delta").mkdir()
        (self.tree / "fs/delta/worker.c").write_text(
            "/* FAKE-SLOW */\nint delta_thread(void *data) "
            + ks.threadfn("delta_thread", stop_predicate=None) + "\n{\n\treturn 0;\n}\n")
        start = self.tree / "fs/gamma/start.c"
        start.write_text(start.read_text() + "void delta_start(void)\n{\n\tkthread_run("
                         "delta_thread, NULL, \"d\"); "
                         + ks.create("delta_thread", "delta_start") + "\n}\n")
        subprocess.run(["git", "add", "-A"], cwd=self.tree, check=True)
        proc = self.kti_scan(env=ks.environ_with(FAKE_SPATCH_LOG=str(self.log),
                                                 FAKE_SPATCH_SLOW="1.5",
                                                 KTI_PROGRESS_INTERVAL="0.25"))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = proc.stderr.splitlines()
        self.assertNotIn("\r", proc.stderr)
        self.assertRegex(proc.stderr, r"(?m)^kti-scan: spatch: [0-3]/4 files, \d+ s$")
        self.assertRegex(proc.stderr,
                         r"(?m)^kti-scan: resolve > second phase: 0/1 files, \d+ s$")
        self.assertTrue(all(line.startswith("kti-scan: ") for line in lines), lines)
        self.assertIn("delta_thread",
                      {t["name"] for t in self.inventory()["thread_functions"]})

    def test_quiet_when_faster_than_the_interval(self):
        proc = self.kti_scan(env=ks.environ_with(KTI_PROGRESS_INTERVAL="30"))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stderr, "")


class CrashCacheTest(ScanCase):
    """Only deterministic results are cached: a crash that may not repeat is tried again."""

    def test_signal_and_memory_crashes_are_retried_by_the_next_scan(self):
        for name, marker in (("killed.c", "FAKE-KILLED"), ("oom.c", "FAKE-OOM"),
                             ("crash.c", "FAKE-CRASH")):
            (self.tree / "fs/beta" / name).write_text(f"/* {marker} */\nint kthread_run;\n")
        subprocess.run(["git", "add", "-A"], cwd=self.tree, check=True)
        self.assertEqual(self.kti_scan().returncode, 0)
        failed = {f["file"]: f["message"] for f in self.inventory()["failures"]}
        self.assertEqual(failed["fs/beta/killed.c"], "spatch killed by signal SIGKILL")
        self.assertIn("out of memory", failed["fs/beta/oom.c"])
        self.assertIn("fake crash", failed["fs/beta/crash.c"])
        self.spatch_runs()
        self.assertEqual(self.kti_scan().returncode, 0)
        again = {name for run in self.spatch_runs() for name in run}
        self.assertEqual(again, {"fs/beta/killed.c", "fs/beta/oom.c"})
        self.assertEqual(len(self.inventory()["failures"]), 3)


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

    def test_entry_lacking_keys_is_a_miss(self):
        self.assertEqual(self.kti_scan().returncode, 0)
        self.spatch_runs()
        entries = sorted(p for p in self.cache.glob("*/??/*.json")
                         if not p.parts[-3].startswith("spans-v"))
        entries[0].write_text(json.dumps({"format": CACHE_FORMAT}))
        entries[1].write_text(json.dumps({"format": CACHE_FORMAT, "status": "ok", "facts": {},
                                          "report": [], "message": "", "timeout": 200,
                                          "parse_errors": []}))
        first = (self.out / "inventory.json").read_text()
        proc = self.kti_scan()
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(len(self.scanned_files()), 2)
        self.assertEqual((self.out / "inventory.json").read_text(), first)


if __name__ == "__main__":
    unittest.main()
