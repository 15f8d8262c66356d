# SPDX-License-Identifier: GPL-2.0
"""ResultCache keys: file content, .cocci, spatch version, options; timeout entries."""
import unittest

from tests import kti_support as ks
from kti.cache import ResultCache
from kti.spatch import FileResult


class ResultCacheTest(unittest.TestCase):
    def setUp(self):
        self.tmp = ks.TempDir()
        self.addCleanup(self.tmp.__exit__)
        self.root = self.tmp.path / "cache"
        self.cache = ResultCache(self.root, b"@r@\n", "1.1.1", "--no-includes")
        self.result = FileResult("a.c", facts=[{"kind": "threadfn", "name": "t"}],
                                 report=[{"line": 1, "col": 0, "end_col": 1, "message": "m"}])
        self.cache.put("ab" * 32, self.result, 200)

    def test_hit_returns_the_result_under_the_new_path(self):
        got = self.cache.get("b.c", "ab" * 32, 200)
        self.assertEqual((got.path, got.facts, got.report),
                         ("b.c", self.result.facts, self.result.report))
        self.assertIsNone(self.cache.get("a.c", "cd" * 32, 200))
        self.assertEqual((self.cache.hits, self.cache.misses), (1, 1))

    def test_detector_spatch_or_options_change_is_a_miss(self):
        for other in (ResultCache(self.root, b"@r2@\n", "1.1.1", "--no-includes"),
                      ResultCache(self.root, b"@r@\n", "1.2.0", "--no-includes"),
                      ResultCache(self.root, b"@r@\n", "1.1.1", "")):
            self.assertIsNone(other.get("a.c", "ab" * 32, 200))

    def test_cached_timeout_is_retried_with_a_longer_timeout(self):
        self.cache.put("ef" * 32, FileResult("slow.c", "timeout", message="slow"), 10)
        self.assertEqual(self.cache.get("slow.c", "ef" * 32, 10).status, "timeout")
        self.assertIsNone(self.cache.get("slow.c", "ef" * 32, 60))


if __name__ == "__main__":
    unittest.main()
