# SPDX-License-Identifier: GPL-2.0
"""cocci/kthread_threads.cocci against the Python it imports.

The .cocci imports kti.detect from scripts/ next to cocci/, found through cocci.cocci_file
(the semantic patch as spatch was given it), so it works from any directory, without
PYTHONPATH, as make coccicheck runs it.  Its SmPL lists of creators and stop predicates must
be the ones of scripts/kti/creators.py and kti.detect.vocabulary.
"""
import os
import re
import shutil
import subprocess
import unittest
from pathlib import Path

from kti import creators
from kti.detect import vocabulary
from tests import kti_support as ks

COCCI = ks.PROJECT_ROOT / "cocci" / "kthread_threads.cocci"
FIXTURE = ks.PROJECT_ROOT / "tests" / "cocci" / "do_while.c"
SPATCH = "/usr/bin/spatch"
ENV = dict(os.environ, PATH="/usr/bin:/bin:" + os.environ.get("PATH", ""))
ENV.pop("PYTHONPATH", None)


def run_spatch(cocci: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([SPATCH, "--sp-file", cocci, "-D", "report", "--very-quiet",
                           "--no-show-diff", "--no-includes", "--include-headers",
                           str(FIXTURE)], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env=ENV)


def smpl_list(text: str, rule_line: str) -> list:
    """The names of `identifier NAME = {a, b, ...};` in the rule starting at rule_line."""
    rule = text[text.index(rule_line):]
    match = re.search(r"identifier \w+ = \{([^}]*)\}", rule)
    return [name.strip() for name in match.group(1).split(",")]


class CocciImportTest(unittest.TestCase):
    def test_relative_sp_file_from_the_project_root(self):
        proc = run_spatch("cocci/kthread_threads.cocci", ks.PROJECT_ROOT)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("kthread thread function flusher: do-while, care", proc.stdout)

    def test_absolute_sp_file_from_another_directory(self):
        with ks.TempDir() as tmp:
            proc = run_spatch(str(COCCI), tmp)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("kthread thread function flusher: do-while, care", proc.stdout)

    def test_a_copy_without_the_package_says_what_is_missing(self):
        with ks.TempDir() as tmp:
            (tmp / "cocci").mkdir()
            shutil.copy(COCCI, tmp / "cocci")
            proc = run_spatch(str(tmp / "cocci" / COCCI.name), tmp)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("kthread_threads.cocci needs the kti package in %s"
                      % (tmp / "scripts"), proc.stdout + proc.stderr)


class CocciListsTest(unittest.TestCase):
    TEXT = COCCI.read_text()

    def test_creator_lists_are_the_python_list(self):
        for rule in ("@kti_create depends on", "@depends on context@\nidentifier creator"):
            self.assertEqual(sorted(smpl_list(self.TEXT, rule)), sorted(creators.NAMES), rule)

    def test_stop_predicate_lists(self):
        self.assertEqual(smpl_list(self.TEXT, "@kti_stop_call depends on"),
                         [vocabulary.KTHREAD_STOP, vocabulary.FREEZABLE_STOP])
        self.assertEqual(smpl_list(self.TEXT, "@kti_stop_return depends on"),
                         [vocabulary.KTHREAD_STOP, vocabulary.FREEZABLE_STOP])
        self.assertEqual(smpl_list(self.TEXT, "@depends on context@\nidentifier pred"),
                         list(vocabulary.STOP_PREDICATES))

    def test_smpboot_struct_and_fields(self):
        self.assertIn("struct %s s@p = { ..., .%s = fn, ... };"
                      % (creators.SMPBOOT_STRUCT, creators.SMPBOOT_THREAD_FN), self.TEXT)
        self.assertIn("struct %s s = { ..., .%s = comm, ... };"
                      % (creators.SMPBOOT_STRUCT, creators.SMPBOOT_COMM), self.TEXT)

    def test_no_apostrophe_for_the_smpl_lexer(self):
        # The SmPL lexer reads an apostrophe in a script rule as the start of a character
        # literal; the .cocci holds none at all.
        self.assertNotIn("'", self.TEXT)


if __name__ == "__main__":
    unittest.main()
