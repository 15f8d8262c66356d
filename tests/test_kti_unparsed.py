# SPDX-License-Identifier: GPL-2.0
"""A thread function spatch cannot parse is reported as such, not as "no definition found"."""
import json
import subprocess
import unittest

from tests import kti_support as ks
from kti import spatch as sp
from kti.maintainers import Maintainers
from kti.model import CreationSite
from kti.sources import Sources
from kti.unparsed import explain_unparsed, find

SAME = """#include <linux/kthread.h>

static int good_thread(void *data)
{
\twhile (!kthread_should_stop())
\t\tschedule();
\treturn 0;
}

static int bad_thread(void *data)
{
\twhile (!kthread_should_stop()) {
\t\tint x = 1 +* ;
\t\tschedule();
\t}
\treturn 0;
}

int start(void)
{
\tkthread_run(good_thread, NULL, "g");
\tkthread_run(bad_thread, NULL, "b");
\treturn 0;
}
"""

OTHER = """#include <linux/kthread.h>

int other_thread(void *data)
{
\twhile (!kthread_should_stop()) {
\t\tregister void *p asm(_ASM_BX);
\t\tschedule();
\t}
\treturn 0;
}

static void helper(int n)
{
\tint y = 2 +* ;
}
"""

START = """#include <linux/kthread.h>

extern int other_thread(void *data);

int other_start(void)
{
\tkthread_run(other_thread, NULL, "other");
\treturn 0;
}
"""

FILES = {"drv/same.c": SAME, "drv/other.c": OTHER, "drv/start.c": START}


def site(path: str, line: int, arg: str) -> CreationSite:
    return CreationSite(f"{path}:{line}:1", path, line, 1, 12, "kthread_run", arg, "function",
                        "start", "kthread", "-", reason="no definition found")


class FindTest(unittest.TestCase):
    def setUp(self):
        self.tmp = ks.TempDir()
        self.addCleanup(self.tmp.__exit__)
        for name, text in FILES.items():
            (self.tmp.path / name).parent.mkdir(parents=True, exist_ok=True)
            (self.tmp.path / name).write_text(text)
        self.sources = Sources(self.tmp.path)
        self.results = {
            # Lines as spatch --parse-error-msg --verbose-parsing names them.
            "drv/same.c": sp.FileResult("drv/same.c", parse_errors=[13], facts=[
                {"kind": "threadfn", "name": "good_thread"}]),
            "drv/other.c": sp.FileResult("drv/other.c", parse_errors=[6, 14]),
            "drv/start.c": sp.FileResult("drv/start.c")}

    def test_thread_shaped_functions_with_parse_errors(self):
        found = find(self.results, self.sources)
        self.assertEqual({n: [(u.file, u.line, u.error_line) for u in us]
                          for n, us in found.items()},
                         {"bad_thread": [("drv/same.c", 10, 13)],
                          "other_thread": [("drv/other.c", 3, 6)]})

    def test_described_function_is_not_unparsed(self):
        self.results["drv/same.c"].facts.append({"kind": "threadfn", "name": "bad_thread"})
        self.assertNotIn("bad_thread", find(self.results, self.sources))

    def test_sites_get_the_reason_and_files_are_listed(self):
        sites = [site("drv/same.c", 22, "bad_thread"), site("drv/start.c", 7, "other_thread"),
                 site("drv/start.c", 8, "helper")]
        failures = explain_unparsed(sites, [], self.results, self.sources, Maintainers([]))
        self.assertEqual(sites[1].reason,
                         "'other_thread' is defined at drv/other.c:3, but spatch could not "
                         "parse it (parse error at line 6), so the detector did not describe it")
        self.assertIn("'bad_thread' is defined at drv/same.c:10", sites[0].reason)
        self.assertEqual(sites[2].reason, "no definition found")
        self.assertEqual([(f.file, f.status) for f in failures],
                         [("drv/other.c", "unparsed"), ("drv/same.c", "unparsed")])
        self.assertEqual(failures[0].message,
                         "spatch could not parse this file: other_thread() at line 3 (parse "
                         "error at line 6), so the thread function was not checked")


class ParseErrorOutputTest(unittest.TestCase):
    def test_parse_errors_go_to_their_file(self):
        stderr = "\n".join(['HANDLING: a.c', 'parse error ',
                            ' = File "a.c", line 13, column 15, charpos = 210',
                            "  around = ';',", 'bad: timeout = 3;',
                            ' = File "b.c", line 4, column 1, charpos = 9'])
        res = sp.parse_output("", ["a.c", "b.c"], stderr)
        self.assertEqual((res["a.c"].parse_errors, res["b.c"].parse_errors), ([13], [4]))


class RealSpatchTest(unittest.TestCase):
    """kti-scan with the real spatch and detector on the three files above."""

    def test_scan_reports_unparsed_thread_functions(self):
        tmp = ks.TempDir()
        self.addCleanup(tmp.__exit__)
        tree = ks.git_tree(tmp.path / "linux", FILES)
        out = tmp.path / "out"
        proc = subprocess.run([str(ks.PROJECT_ROOT / "scripts" / "kti-scan"), "--tree",
                               str(tree), "--out", str(out), "--cache", str(tmp.path / "c")],
                              capture_output=True, text=True, timeout=600)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        inv = json.loads((out / "inventory.json").read_text())
        self.assertEqual([(f["file"], f["status"]) for f in inv["failures"]],
                         [("drv/other.c", "unparsed"), ("drv/same.c", "unparsed")])
        reasons = {s["arg"]: s["reason"] for s in inv["creation_sites"]}
        self.assertEqual(reasons["good_thread"], None)
        self.assertEqual(reasons["other_thread"],
                         "'other_thread' is defined at drv/other.c:3, but spatch could not "
                         "parse it (parse error at line 6), so the detector did not describe it")
        self.assertIn("'bad_thread' is defined at drv/same.c:10, but spatch could not parse",
                      reasons["bad_thread"])
        self.assertIn("drv/other.c", (out / "summary.md").read_text())
        self.assertIn("drv/other.c:1:0-0: kti-scan could not check this file: spatch could not "
                      "parse this file: other_thread() at line 3 (parse error at line 6), so "
                      "the thread function was not checked\n",
                      (out / "kthreads.cocci.txt").read_text())


if __name__ == "__main__":
    unittest.main()
