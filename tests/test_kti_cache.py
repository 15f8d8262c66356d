# SPDX-License-Identifier: GPL-2.0
"""ResultCache keys: file content, .cocci, spatch version, options; timeout entries."""
import json
import unittest

from tests import kti_support as ks
from kti.cache import CACHE_FORMAT, ResultCache
from kti.grepmemo import GrepMemo
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

    def test_unusable_entries_are_misses(self):
        good = {"format": CACHE_FORMAT, "status": "ok", "facts": [], "report": [],
                "message": "", "timeout": 200, "parse_errors": [12]}
        entry = self.cache._entry("ab" * 32)
        broken = [{"format": CACHE_FORMAT}, [good], dict(good, parse_errors=["12"]), "ok",
                  dict(good, status="fine"),
                  dict(good, facts="none"), dict(good, facts=[1]),
                  dict(good, report=[{"line": "1", "col": 0, "end_col": 1, "message": ""}]),
                  dict(good, message=None), dict(good, timeout="200")]
        for number, data in enumerate(broken):
            with self.subTest(entry=data):
                entry.write_text(json.dumps(data))
                self.assertIsNone(self.cache.get("a.c", "ab" * 32, 200))
                self.assertEqual(self.cache.misses, number + 1)
        entry.write_text(json.dumps(good))
        self.assertEqual(self.cache.get("a.c", "ab" * 32, 200).parse_errors, [12])


class GrepMemoFileTest(unittest.TestCase):
    def test_unusable_word_list_is_ignored(self):
        tmp = ks.TempDir()
        self.addCleanup(tmp.__exit__)
        memo_file = tmp.path / "grep-words.json"
        memo = GrepMemo(tmp.path, ("*.c",), memo_file)
        for text in ("5", '{"a": 1}', '"word"', "[1, null]"):
            with self.subTest(text=text):
                memo_file.write_text(text)
                self.assertEqual(memo.remembered_words(), [])
        memo_file.write_text('["kthread_run", 3]')
        self.assertEqual(memo.remembered_words(), ["kthread_run"])


if __name__ == "__main__":
    unittest.main()
