# SPDX-License-Identifier: GPL-2.0
"""Loops on a stop helper defined in another file (the torture tests' torture_must_stop()).

kernel/torture.c defines torture_must_stop() (returns ... || kthread_should_stop()) and
torture_kthread_stopping() (loops until kthread_should_stop()); the torture threads of
other files loop `do { ... } while (!torture_must_stop());` and then call
torture_kthread_stopping().  Seen one file at a time that loop tests no stop predicate, so
the detector alone says "one-shot"; the scan must classify it with the helpers it calls.
"""
import json
import unittest

from kti.sources import Sources
from kti.spatch import FileResult
from kti.stophelpers import reclassify
from tests import kti_support as ks

TORTURE_C = """\
#include <linux/kthread.h>

static int fullstop;

bool torture_must_stop(void)
{
	return READ_ONCE(fullstop) || kthread_should_stop();
}

void torture_kthread_stopping(char *title)
{
	while (!kthread_should_stop()) {
		torture_shutdown_absorb(title);
		schedule_timeout_uninterruptible(HZ / 20);
	}
}
"""

LOCKTORTURE_C = """\
#include <linux/torture.h>

static int lock_torture_writer(void *arg)
{
	struct lock_stress_stats *lwsp = arg;

	do {
		lock_write(lwsp);
		stutter_wait("lock_torture_writer");
	} while (!torture_must_stop());
	torture_kthread_stopping("lock_torture_writer");
	return 0;
}

static int lock_torture_stats(void *arg)
{
	do {
		schedule_timeout_interruptible(stat_interval * HZ);
		lock_torture_stats_print();
	} while (!torture_must_stop());
	return 0;
}

int lock_torture_init(void)
{
	kthread_run(lock_torture_writer, NULL, "writer");
	kthread_run(lock_torture_stats, NULL, "stats");
	return 0;
}
"""

#: A static helper of the same name in a third file: not visible from locktorture.c.
OTHER_C = """\
static bool torture_must_stop(void)
{
	return kthread_should_stop();
}
"""


def threadfn(line: int, col: int, name: str) -> dict:
    """A threadfn fact as the detector gives it for a function it sees as one-shot."""
    return {"kind": "threadfn", "line": line, "col": col, "end_col": col + len(name),
            "name": name, "static": True, "used_in_file": True, "loop": "one-shot",
            "loop_line": None, "stop_predicate": None, "freezer": [], "parking": [],
            "signals": [], "sleep": [], "exit": [], "persistent_locals": [],
            "verdict": "manual", "main_loop": None,
            "reasons": ["no stop loop: the thread runs once and returns"]}


class ReclassifyTest(unittest.TestCase):
    def run_reclassify(self, files, facts):
        with ks.TempDir() as tmp:
            tree = ks.git_tree(tmp / "linux", files)
            results = {path: FileResult(path, facts=[dict(f) for f in found])
                       for path, found in facts.items()}
            changed = reclassify(results, Sources(tree))
        return changed, {f["name"]: f for r in results.values() for f in r.facts
                         if f["kind"] == "threadfn"}

    FACTS = {
        "kernel/torture.c": [
            {"kind": "stop_helper", "line": 5, "col": 5, "end_col": 22,
             "name": "torture_must_stop"},
            {"kind": "stop_loop", "line": 10, "col": 5, "end_col": 29,
             "name": "torture_kthread_stopping", "waits": False}],
        "kernel/locking/locktorture.c": [threadfn(3, 11, "lock_torture_writer"),
                                         threadfn(15, 11, "lock_torture_stats")],
    }

    def test_loops_on_a_helper_of_another_file(self):
        changed, found = self.run_reclassify(
            {"kernel/torture.c": TORTURE_C, "kernel/locking/locktorture.c": LOCKTORTURE_C},
            self.FACTS)
        self.assertEqual(changed, ["kernel/locking/locktorture.c:lock_torture_writer:3",
                                   "kernel/locking/locktorture.c:lock_torture_stats:15"])
        writer = found["lock_torture_writer"]
        self.assertEqual((writer["loop"], writer["loop_line"], writer["stop_predicate"],
                          writer["verdict"]),
                         ("stop-in-helper", 7, "torture_must_stop", "manual"))
        self.assertEqual(writer["reasons"], ["stops through helper 'torture_must_stop'",
                                             "waits for kthread_stop() after the loop"])
        self.assertEqual(writer["persistent_locals"], ["lwsp"])
        self.assertEqual(writer["main_loop"]["what"], "do")
        self.assertEqual(writer["helpers_elsewhere"],
                         ["kernel/torture.c:torture_kthread_stopping",
                          "kernel/torture.c:torture_must_stop"])
        stats = found["lock_torture_stats"]
        self.assertEqual((stats["loop"], stats["loop_line"], stats["sleep"]),
                         ("stop-in-helper", 17, ["schedule_timeout"]))
        self.assertEqual(stats["reasons"], ["stops through helper 'torture_must_stop'"])

    def test_a_static_helper_of_another_file_does_not_count(self):
        facts = {"drivers/other.c": [{"kind": "stop_helper", "line": 1, "col": 12,
                                      "end_col": 29, "name": "torture_must_stop"}],
                 "kernel/locking/locktorture.c": self.FACTS["kernel/locking/locktorture.c"]}
        changed, found = self.run_reclassify(
            {"drivers/other.c": OTHER_C, "kernel/locking/locktorture.c": LOCKTORTURE_C},
            facts)
        self.assertEqual(changed, [])
        self.assertEqual(found["lock_torture_writer"]["loop"], "one-shot")


class ScanTest(unittest.TestCase):
    """The same through kti-scan with the real spatch: facts, resolution, reports."""

    def test_torture_threads_in_the_inventory(self):
        with ks.TempDir() as tmp:
            proc = ks.scan_with_real_spatch(tmp, {"kernel/torture.c": TORTURE_C,
                                                  "kernel/locking/locktorture.c": LOCKTORTURE_C})
            self.assertEqual(proc.returncode, 0, proc.stderr)
            out = tmp / "out"
            inv = json.loads((out / "inventory.json").read_text())
            per_file = (out / "kthreads.cocci.txt").read_text()
            complete = (out / "kthreads.all.txt").read_text()
        found = {t["name"]: t for t in inv["thread_functions"]}
        self.assertEqual({n: (t["loop"], t["verdict"]) for n, t in found.items()},
                         {"lock_torture_writer": ("stop-in-helper", "manual"),
                          "lock_torture_stats": ("stop-in-helper", "manual")})
        # Plain coccicheck sees one file at a time; the complete list knows the helper.
        self.assertIn("thread function lock_torture_writer: one-shot, manual", per_file)
        self.assertIn("kernel/locking/locktorture.c:3:11-30: kthread thread function "
                      "lock_torture_writer: stop-in-helper, manual: stops through helper "
                      "'torture_must_stop'", complete)


if __name__ == "__main__":
    unittest.main()
