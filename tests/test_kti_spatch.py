# SPDX-License-Identifier: GPL-2.0
"""spatch runner: version check, output parsing, per-file fallback after a bad batch."""
import os
import unittest
from pathlib import Path

from tests import kti_support as ks
from tests.kernel_tree import KERNEL_TREE, skip_unless_in_tree
from kti import spatch as sp
from kti.errors import InputError


class LocateTest(unittest.TestCase):
    def setUp(self):
        self.tmp = ks.TempDir()
        self.addCleanup(self.tmp.__exit__)

    def test_accepts_current_and_rejects_old_or_missing(self):
        good = sp.locate(str(ks.make_fake_spatch(self.tmp.path)))
        self.assertEqual(good.version, (1, 1, 1))
        old_dir = self.tmp.path / "old"
        old_dir.mkdir()
        with self.assertRaisesRegex(InputError, r"version 1\.0\.9, need >= 1\.1\.1"):
            sp.locate(str(ks.make_fake_spatch(old_dir, "1.0.9")))
        with self.assertRaisesRegex(InputError, "spatch not found"):
            sp.locate(str(self.tmp.path / "missing"))

    def test_not_a_spatch(self):
        liar = self.tmp.path / "liar"
        liar.write_text("#!/bin/sh\necho hello\n")
        liar.chmod(0o755)
        with self.assertRaisesRegex(InputError, "does not report a spatch version"):
            sp.locate(str(liar))


class ParseTest(unittest.TestCase):
    def test_groups_lines_by_file(self):
        out = "\n".join([
            'KTI-FACT {"kind":"threadfn","file":"a.c","line":3,"name":"t"}',
            "b.c:7:4-9: thread function u",
            "noise from a script",
            'KTI-FACT {"kind":"create","file":"b.c","line":9}'])
        res = sp.parse_output(out, ["a.c", "b.c"])
        self.assertEqual(res["a.c"].facts, [{"kind": "threadfn", "line": 3, "name": "t"}])
        self.assertEqual(res["b.c"].report, [{"line": 7, "col": 4, "end_col": 9,
                                              "message": "thread function u"}])
        self.assertEqual([f["kind"] for f in res["b.c"].facts], ["create"])

    def test_unknown_file_in_batch_means_retry(self):
        self.assertIsNone(sp.parse_output('KTI-FACT {"file":"c.c"}', ["a.c", "b.c"]))
        self.assertEqual(len(sp.parse_output('KTI-FACT {"file":"c.c"}', ["a.c"])["a.c"].facts),
                         1)

    def test_options_line(self):
        tmp = ks.TempDir()
        self.addCleanup(tmp.__exit__)
        cocci = tmp.path / "x.cocci"
        cocci.write_text("/// x\n// Options: --no-includes --include-headers\nvirtual report\n")
        self.assertEqual(sp.cocci_options(cocci), ["--no-includes", "--include-headers"])


class BatchTest(unittest.TestCase):
    def setUp(self):
        self.tmp = ks.TempDir()
        self.addCleanup(self.tmp.__exit__)
        self.tool = sp.locate(str(ks.make_fake_spatch(self.tmp.path)))
        self.log = self.tmp.path / "log"
        os.environ["FAKE_SPATCH_LOG"] = str(self.log)
        self.addCleanup(os.environ.pop, "FAKE_SPATCH_LOG", None)
        self.tree = self.tmp.path / "t"
        self.tree.mkdir()
        for name in ("a.c", "b.c", "c.c"):
            (self.tree / name).write_text(f"int x; {ks.threadfn(name[0] + '_fn')}\n")
        self.cocci = Path(self.tmp.path / "d.cocci")
        self.cocci.write_text("virtual report\n")

    def runs(self):
        return [line.split() for line in self.log.read_text().splitlines()]

    def test_good_batch_is_one_process(self):
        res = sp.run_batch(self.tool, self.cocci, self.tree, ["a.c", "b.c", "c.c"], 10)
        self.assertEqual(self.runs(), [["a.c", "b.c", "c.c"]])
        self.assertEqual({p: r.facts[0]["name"] for p, r in res.items()},
                         {"a.c": "a_fn", "b.c": "b_fn", "c.c": "c_fn"})

    def test_crash_in_batch_pins_the_bad_file(self):
        (self.tree / "b.c").write_text("/* FAKE-CRASH */\n")
        res = sp.run_batch(self.tool, self.cocci, self.tree, ["a.c", "b.c", "c.c"], 10)
        # b.c alone crashes twice: the retry confirms it before it is listed.
        self.assertEqual(self.runs(), [["a.c", "b.c", "c.c"], ["a.c"], ["b.c"], ["b.c"],
                                       ["c.c"]])
        self.assertEqual({p: r.status for p, r in res.items()},
                         {"a.c": "ok", "b.c": "crashed", "c.c": "ok"})
        self.assertIn("fake crash", res["b.c"].message)
        self.assertTrue(res["b.c"].cacheable)
        self.assertEqual(res["c.c"].facts[0]["name"], "c_fn")

    def test_one_off_crash_is_retried(self):
        (self.tree / "a.c").write_text(f"/* FAKE-FLAKY */ {ks.threadfn('a_fn')}\n")
        res = sp.run_one(self.tool, self.cocci, self.tree, "a.c", 10)
        self.assertEqual(self.runs(), [["a.c"], ["a.c"]])
        self.assertEqual((res.status, res.facts[0]["name"]), ("ok", "a_fn"))

    def test_crash_by_signal_or_memory_is_not_cacheable(self):
        (self.tree / "a.c").write_text("/* FAKE-KILLED */\n")
        (self.tree / "b.c").write_text("/* FAKE-OOM */\n")
        res = sp.run_batch(self.tool, self.cocci, self.tree, ["a.c", "b.c", "c.c"], 10)
        self.assertEqual((res["a.c"].status, res["a.c"].message),
                         ("crashed", "spatch killed by signal SIGKILL"))
        self.assertIn("out of memory", res["b.c"].message)
        self.assertEqual([res[p].cacheable for p in ("a.c", "b.c", "c.c")],
                         [False, False, True])

    def test_timeout_named_in_source_text_is_no_timeout(self):
        (self.tree / "a.c").write_text(f"/* FAKE-NOISE */ {ks.threadfn('a_fn')}\n")
        res = sp.run_batch(self.tool, self.cocci, self.tree, ["a.c", "b.c"], 10)
        self.assertEqual(self.runs(), [["a.c", "b.c"]])
        self.assertEqual((res["a.c"].status, res["a.c"].facts[0]["name"]), ("ok", "a_fn"))

    def test_timeout_in_batch_pins_the_slow_file(self):
        (self.tree / "a.c").write_text("/* FAKE-HANG */\n")
        res = sp.run_batch(self.tool, self.cocci, self.tree, ["a.c", "b.c"], 2)
        self.assertEqual({p: r.status for p, r in res.items()},
                         {"a.c": "timeout", "b.c": "ok"})


TREE = KERNEL_TREE
FILES = ["kernel/trace/trace_osnoise.c", "lib/test_firmware.c"]
DETECTOR = ks.PROJECT_ROOT / "cocci" / "kthread_threads.cocci"


@skip_unless_in_tree(*FILES)
class RealBatchTest(unittest.TestCase):
    """With the real spatch and detector, a batch finds what one file per process finds."""

    FILES = FILES

    def names(self, result: sp.FileResult):
        return sorted(f["name"] for f in result.facts if f["kind"] == "threadfn")

    def test_batch_equals_one_process_per_file(self):
        tool = sp.locate()
        batch = sp.run_batch(tool, DETECTOR, TREE, self.FILES, 120)
        for path in self.FILES:
            with self.subTest(path=path):
                alone = sp.run_one(tool, DETECTOR, TREE, path, 120)
                self.assertEqual(batch[path].status, sp.OK)
                self.assertEqual(batch[path].facts, alone.facts)
                self.assertEqual(batch[path].report, alone.report)
        self.assertIn("test_fw_run_batch_request", self.names(batch["lib/test_firmware.c"]))


if __name__ == "__main__":
    unittest.main()
