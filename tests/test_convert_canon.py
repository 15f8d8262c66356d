# SPDX-License-Identifier: GPL-2.0
"""canon.py: a bare `unsigned`/`signed` and its long form are one type to the token checks."""
import unittest

from tests import kti_support as ks  # noqa: F401  (puts scripts/ on sys.path)
from kti.convert import canon


class Canon(unittest.TestCase):
    def test_words(self):
        self.assertEqual(canon.words("( unsigned ) x ; unsigned long y ; signed char c ; "
                                     "unsigned int z ; signed".split()),
                         "( unsigned int ) x ; unsigned long y ; signed char c ; "
                         "unsigned int z ; signed int".split())

    def test_text_leaves_comments_and_strings(self):
        self.assertEqual(canon.text('\tunsigned n; /* unsigned */ s = "unsigned";\n'),
                         '\tunsigned int n; /* unsigned */ s = "unsigned";\n')

    def test_record_lists_of_words_only(self):
        rec = {"decls": [{"words": ["unsigned", "n", ";"], "at": 3}], "name": "unsigned_t"}
        self.assertEqual(canon.record(rec), {"decls": [{"words": ["unsigned", "int", "n", ";"],
                                                        "at": 3}], "name": "unsigned_t"})


if __name__ == "__main__":
    unittest.main()
