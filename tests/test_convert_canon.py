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


class Unbraced(unittest.TestCase):
    """Braces of an if/else arm holding one expression statement or jump are layout."""

    def same(self, a: str, b: str) -> bool:
        return canon.unbraced(a.split()) == canon.unbraced(b.split())

    def test_braced_and_unbraced_arms_equal(self):
        self.assertTrue(self.same("if ( a ) x ( ) ; else { y ( ) ; z ( ) ; }",
                                  "if ( a ) { x ( ) ; } else { y ( ) ; z ( ) ; }"))
        self.assertTrue(self.same("if ( a ) { return ; } else if ( b ) { x ( ) ; } else y ( ) ;",
                                  "if ( a ) return ; else if ( b ) x ( ) ; else { y ( ) ; }"))

    def test_forms(self):
        self.assertEqual(canon.unbraced("if ( a ) { x ( ) ; } else { y ( ) ; z ( ) ; }".split()),
                         "if ( a ) x ( ) ; else { y ( ) ; z ( ) ; }".split())
        self.assertEqual(canon.unbraced("while ( a ) { x ( ) ; }".split()),
                         "while ( a ) { x ( ) ; }".split())

    def test_dangling_else_is_not_layout(self):
        """`if (a) { if (b) x(); } else y();` is not `if (a) if (b) x(); else y();`."""
        self.assertFalse(self.same("if ( a ) { if ( b ) x ( ) ; } else y ( ) ;",
                                   "if ( a ) if ( b ) x ( ) ; else y ( ) ;"))
        self.assertFalse(self.same("if ( a ) { while ( c ) if ( b ) x ( ) ; } else y ( ) ;",
                                   "if ( a ) while ( c ) if ( b ) x ( ) ; else y ( ) ;"))

    def test_iterator_macro_arm_keeps_its_braces(self):
        """`NAME(...) x();` is a loop whose body could hold a bare if after expansion."""
        self.assertEqual(canon.unbraced("if ( a ) { list_for_each ( p , h ) x ( p ) ; } "
                                        "else { f ( a ) ; }".split()),
                         "if ( a ) { list_for_each ( p , h ) x ( p ) ; } else f ( a ) ;".split())
        self.assertEqual(canon.unbraced("if ( a ) { x = ( int ) f ( a ) * 2 ; }".split()),
                         "if ( a ) x = ( int ) f ( a ) * 2 ;".split())

    def test_statement_moved_across_an_arm(self):
        self.assertFalse(self.same("if ( a ) { x ( ) ; } y ( ) ;",
                                   "if ( a ) { x ( ) ; y ( ) ; }"))
        self.assertFalse(self.same("if ( a ) { x ( ) ; y ( ) ; } else z ( ) ;",
                                   "if ( a ) x ( ) ; y ( ) ; else z ( ) ;"))

    def test_declaration_keeps_its_scope(self):
        self.assertEqual(canon.unbraced("if ( a ) { int x = f ( ) ; }".split()),
                         "if ( a ) { int x = f ( ) ; }".split())


if __name__ == "__main__":
    unittest.main()
