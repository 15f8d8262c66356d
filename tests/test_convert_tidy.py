# SPDX-License-Identifier: GPL-2.0
"""tidy.py: checkpatch's whitespace fixes on the lines a conversion wrote, never elsewhere."""
import sys
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from kti.convert import tidy  # noqa: E402

TREE = ROOT / "build" / "linux-6.12"
LEGACY = ("static int t(void *arg)\n{\n\tint k = (int) arg;\n\n"
          "\twhile (!kthread_should_stop()) {\n\t\tf(\n\t\t\tk);\n\t}\n\treturn 0;\n}")


@unittest.skipUnless((TREE / tidy.CHECKPATCH).exists(), "no kernel tree with checkpatch.pl")
class Tidy(unittest.TestCase):
    def test_moved_lines_only(self):
        text = ("static void t_func(void *arg)\n{\n\tint k = (int) arg;\n\n"
                "\tf(\n\t\tk);\n\tg((long) k);\n}")
        got = tidy.tidy(TREE, text, LEGACY)
        self.assertEqual(got.text, "static void t_func(void *arg)\n{\n\tint k = (int) arg;\n"
                                   "\n\tf(k);\n\tg((long)k);\n}")
        self.assertEqual(got.fixed, ["OPEN_ENDED_LINE", "SPACING"])

    def test_long_form_of_unsigned_on_any_line(self):
        """A legacy declaration kept verbatim gets `unsigned int` (the patch adds the line
        to func), but not the spacing fix checkpatch would also make there."""
        legacy = LEGACY.replace("\tint k = (int) arg;\n", "\tunsigned n;\n\tint k = (int) arg;\n")
        text = ("static void t_func(void *arg)\n{\n\tunsigned n;\n\tint k = (int) arg;\n\n"
                "\tn = k;\n}")
        got = tidy.tidy(TREE, text, legacy)
        self.assertEqual(got.text, text.replace("unsigned n", "unsigned int n"))
        self.assertEqual(got.fixed, ["UNSPECIFIED_INT"])

    def test_legacy_lines_untouched(self):
        text = "static void t_func(void *arg)\n{\n\t\tf(\n\t\t\tk);\n}"
        got = tidy.tidy(TREE, text, LEGACY)
        self.assertEqual(got.text, text)
        self.assertEqual(got.fixed, [])

    def test_comment_end_on_its_own_line(self):
        text = "static void t_func(void *arg)\n{\n\t/* a\n\t * b */\n\tk = 1;\n}"
        got = tidy.tidy(TREE, text, LEGACY)
        self.assertEqual(got.text, "static void t_func(void *arg)\n{\n\t/* a\n\t * b\n\t */"
                                   "\n\tk = 1;\n}")
        self.assertEqual(got.fixed, ["BLOCK_COMMENT_STYLE"])

    def test_continuation_of_a_renamed_line(self):
        legacy = "\tql_dbg(h, base,\n\t    \"exit\");"
        text = "\tql_dbg(h, ctx->base,\n\t    \"exit\");"
        got = tidy.tidy(TREE, text, legacy)
        self.assertEqual(got.text, "\tql_dbg(h, ctx->base,\n\t       \"exit\");")
        self.assertEqual(got.fixed, ["PARENTHESIS_ALIGNMENT"])


if __name__ == "__main__":
    unittest.main()
