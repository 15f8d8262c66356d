# SPDX-License-Identifier: GPL-2.0
"""C text helpers: masking, calls and their arguments, #if 0 and macro lines."""
import unittest

from kti import ctext

SOURCE = """\
/* start_worker(fake, 1) in a comment */
static const char *s = "start_worker(str, 2)";
int start_worker(int (*fn)(void *), void *data, const char *name);

static int relay(int (*fn)(void *), void *d)
{
	return start_worker(fn, d, "relay");
}

void setup(struct ctx *ctx)
{
	start_worker(my_thread, ctx, "x(y)");
	start_worker((int (*)(void *))cast_thread, NULL,
		     "split, line");
	start_worker(&addr_thread, NULL, "a");
	start_worker(ctx->fn, ctx, "field");
	start_worker(pick(ctx) ? a : b, ctx, "other");
}
#if 0
	start_worker(dead, NULL, "dead");
#else
int live;
#endif
#define START(f) \\
	start_worker(f, NULL, #f)
"""


class CTextTest(unittest.TestCase):
    def test_mask_keeps_offsets_and_blanks_comments_and_strings(self):
        masked = ctext.mask(SOURCE)
        self.assertEqual(len(masked), len(SOURCE))
        self.assertEqual(masked.count("\n"), SOURCE.count("\n"))
        self.assertNotIn("fake", masked)
        self.assertNotIn("str, 2", masked)
        self.assertIn("str, 2", ctext.mask(SOURCE, strings=False))

    def test_find_calls_skips_prototypes_comments_and_strings(self):
        calls = ctext.find_calls(SOURCE, "start_worker")
        self.assertEqual([c.line for c in calls], [7, 12, 13, 15, 16, 17])
        self.assertEqual(calls[0].function.name, "relay")
        self.assertEqual(calls[0].function.params, ["fn", "d"])
        self.assertEqual(calls[1].args, ["my_thread", "ctx", '"x(y)"'])
        self.assertEqual(calls[2].args[2], '"split, line"')

    def test_classify_argument(self):
        calls = ctext.find_calls(SOURCE, "start_worker")
        kinds = [ctext.classify_argument(c.args[0], c.function.params) for c in calls[:6]]
        self.assertEqual(kinds, [("param", "fn"), ("function", "my_thread"),
                                 ("function", "cast_thread"), ("function", "addr_thread"),
                                 ("field", "ctx->fn"), ("other", "pick(ctx) ? a : b")])

    def test_disabled_and_macro_lines(self):
        self.assertEqual(ctext.disabled_lines(SOURCE), {20})
        self.assertEqual(ctext.macro_lines(SOURCE), {24, 25})

    def test_function_with_trailing_attribute_and_initializers(self):
        text = ("static struct ops o = { .start = go };\n"
                "static void unlock(struct s *s) __releases(&s->lock)\n{\n"
                "\tkthread_run(t, s, \"x\");\n}\n")
        calls = ctext.find_calls(text, "kthread_run")
        self.assertEqual([(c.line, c.function.name, c.function.params) for c in calls],
                         [(4, "unlock", ["s"])])

    def test_lines_count_newlines_only(self):
        text = "int a;\x0c\nint b;\n\x0c\nvoid f(void)\n{\n\tkthread_run(t, 0, \"t\");\n}\n"
        self.assertEqual(len(ctext.split_lines(text)), 7)
        self.assertEqual(ctext.find_calls(text, "kthread_run")[0].line, 6)
        self.assertEqual(ctext.line_starts("ab\ncd"), [0, 3])

    def test_if_one_else_branch_is_dead(self):
        text = "#if 1\nint a;\n#else\nint b;\n#endif\n#ifdef X\nint c;\n#endif\n"
        self.assertEqual(ctext.disabled_lines(text), {4})


if __name__ == "__main__":
    unittest.main()
