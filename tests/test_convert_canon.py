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

    def test_kernel_types(self):
        self.assertEqual(canon.words("uint8_t a ; int16_t b ; u_int32_t c ; int64_t d ; "
                                     "uint128_t e ; __u32 f".split()),
                         "u8 a ; s16 b ; u32 c ; s64 d ; uint128_t e ; __u32 f".split())
        self.assertEqual(canon.types("\tuint32_t n; /* uint32_t */\n"),
                         "\tu32 n; /* uint32_t */\n")

    def test_adjacent_literals_joined(self):
        self.assertEqual(canon.words(['f', '(', '"a "', '"b"', ',', 'x', ')']),
                         ['f', '(', '"a b"', ',', 'x', ')'])
        self.assertEqual(canon.text('f("a "\n\t  "b", x);'), 'f("a b"\n\t  , x);')

    def test_literals_kept_apart_where_one_would_differ(self):
        """An escape at the end would take in the next literal's digits; a prefixed
        literal or a macro between is not joined; an empty literal changes nothing."""
        for tokens in (['"\\x1"', '"2"'], ['"\\x1f"', '"a"'], ['"\\12"', '"3"'],
                       ['"\\x1"', '""', '"2"'], ['"?"', '"?="'], ['L', '"a"', '"b"'],
                       ['"a"', 'KERN_INFO', '"b"']):
            with self.subTest(tokens):
                self.assertEqual([t for t in canon.words(tokens) if t != '""'],
                                 [t for t in tokens if t != '""'])
        self.assertEqual(canon.words(['"\\123"', '"4"']), ['"\\1234"'])
        self.assertEqual(canon.words(['"\\n"', '"x"']), ['"\\nx"'])

    def test_idle_parentheses(self):
        safe = canon.declared({"p", "n", "ret", "EIO"})
        cases = {
            "f(&(p->lock));": "f(&p->lock);",
            "x = *(p->a.b);": "x = *p->a.b;",
            "if ((n >= p->limit) || (ret != -EIO)) g();": "if (n >= p->limit || ret != -EIO) g();",
            "if ((p->a[n] == 0) && x) g();": "if (p->a[n] == 0 && x) g();",
        }
        for source, expected in cases.items():
            with self.subTest(source):
                self.assertEqual(canon.text(source, safe), expected)

    def test_needed_or_unproven_parentheses_kept(self):
        safe = canon.declared({"p", "n", "ret"})
        for source in ("if (x == (n != 1)) g();",        # a comparison's operand
                       "if (!(n != 1)) g();",            # under a unary operator
                       "if ((n != 1) ? a : b) g();",     # a conditional's operand
                       "if ((n || ret) && p) g();",      # || inside
                       "if ((q->a == 1) && p) g();",     # q: not known as no macro
                       "if ((n != FOO) && p) g();",      # FOO: not known as no macro
                       "if ((f(n) != 1) && p) g();",     # a call
                       "x = ((n != 1) && p);",           # not an if condition
                       "f(&(q->lock));", "f(&(p));", "f(x &&(p->a));"):
            with self.subTest(source):
                self.assertEqual(canon.text(source, safe), source)
        self.assertEqual(canon.text("f(&(p->lock));"), "f(&(p->lock));")

    def test_sizeof_pointee(self):
        pointees = {"b": "buf", "ctx->b": "buf"}
        self.assertEqual(canon.text("b = kzalloc(sizeof(*b), G); c->b = kzalloc(sizeof(*ctx->b),"
                                    " G);", None, pointees),
                         "b = kzalloc(sizeof(struct buf), G); c->b = kzalloc(sizeof(struct buf),"
                         " G);")
        for source in ("x = sizeof(b);", "x = sizeof(*c);", "x = sizeof(*(b));",
                       "x = sizeof(*b->next);", "x = sizeof(**b);"):
            with self.subTest(source):
                self.assertEqual(canon.text(source, None, pointees), source)
        self.assertEqual(canon.text("x = sizeof(*b);"), "x = sizeof(*b);")


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
