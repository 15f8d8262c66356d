# SPDX-License-Identifier: GPL-2.0
"""names.py: snake_case stems for mixed-case thread functions, still under the collision
rule."""
import unittest
from pathlib import Path

from tests import kti_support as ks  # noqa: F401  (puts scripts/ on sys.path)
from kti.convert import names


class Names(unittest.TestCase):
    def test_stem(self):
        for function, stem in (("jfsIOWait", "jfs_io_wait"), ("jfsCommitThread",
                                                             "jfs_commit_thread"),
                               ("i2cThread", "i2c_thread"), ("xfsaild", "xfsaild"),
                               ("ABC_thread", "ABC_thread"), ("dm_delay", "dm_delay")):
            with self.subTest(function):
                self.assertEqual(names.stem(function), stem)

    def test_snake_case_names_fall_back_when_taken(self):
        words = names.TreeWords(Path("/nonexistent"))
        words.chosen.add("jfs_io_wait_func")      # another new name of the run
        got = names.choose("jfsIOWait", words, set())
        self.assertEqual((got.init, got.func, got.destroy, got.kti, got.ctx_struct),
                         ("jfs_io_wait_init", "jfs_io_wait_iterant_func",
                          "jfs_io_wait_destroy", "jfs_io_wait_kti", "jfs_io_wait_ctx"))


if __name__ == "__main__":
    unittest.main()
