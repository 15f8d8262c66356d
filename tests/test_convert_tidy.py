# SPDX-License-Identifier: GPL-2.0
"""tidy.py: checkpatch's whitespace fixes on the lines a conversion wrote, never elsewhere."""
import sys
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from kti.convert import canon, stringify, tidy  # noqa: E402

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

    def test_legacy_line_written_more_often_than_it_was(self):
        """w1_process: the argument's local is recomputed in two callbacks; the legacy
        function has the line once, so both copies are new lines of the patch."""
        text = ("static int t_init(void *arg)\n{\n\tint k = (int) arg;\n\n\treturn k;\n}\n\n"
                "static void t_func(void *arg)\n{\n\tint k = (int) arg;\n\n\tf(k);\n}")
        got = tidy.tidy(TREE, text, LEGACY)
        self.assertEqual(got.text, text.replace("(int) arg", "(int)arg"))
        self.assertEqual(got.fixed, ["SPACING"])

    def test_moved_line_that_reads_like_a_kept_one(self):
        """scsi_error_handler: the call moved out of the loop is one tab less indented and
        then reads like the legacy call after the loop: both copies are new lines."""
        legacy = ("\twhile (!kthread_should_stop()) {\n\t\tLOG(1,\n\t\t\tpr(KERN_ERR, h,\n"
                  "\t\t\t     \"on\\n\"));\n\t}\n"
                  "\tLOG(1,\n\t\tpr(KERN_ERR, h,\n\t\t     \"off\\n\"));")
        text = ("static void t_func(void *h)\n{\n"
                "\tLOG(1,\n\t\tpr(KERN_ERR, h,\n\t\t     \"on\\n\"));\n}\n\n"
                "static void t_destroy(void *h)\n{\n"
                "\tLOG(1,\n\t\tpr(KERN_ERR, h,\n\t\t     \"off\\n\"));\n}")
        got = tidy.tidy(TREE, text, legacy)
        # pr( under LOG('s parenthesis (column 12), its string under pr('s (column 15).
        self.assertEqual(got.text, text.replace("\t\tpr(", "\t    pr(")
                         .replace("\t\t     \"", "\t       \""))
        self.assertEqual(got.fixed, ["PARENTHESIS_ALIGNMENT"])

    def test_later_arguments_follow_a_realigned_call(self):
        """checkpatch re-aligns only the line after the open parenthesis; the arguments
        after it follow the call (scsi_error_handler's shost->host_no line)."""
        text = ("static void t_func(void *h)\n{\n\tif (a)\n\t\tLOG(1,\n"
                "\t\t\tpr(KERN_ERR, h,\n\t\t\t     \"on\\n\",\n\t\t\t     h->n));\n}")
        got = tidy.tidy(TREE, text, LEGACY)
        # LOG's parenthesis is at column 19: pr( at 20; pr's at 22: its arguments at 23.
        self.assertEqual(got.text, "static void t_func(void *h)\n{\n\tif (a)\n\t\tLOG(1,\n"
                                   "\t\t    pr(KERN_ERR, h,\n\t\t       \"on\\n\",\n"
                                   "\t\t       h->n));\n}")
        self.assertEqual(got.fixed, ["PARENTHESIS_ALIGNMENT"])

    def test_following_leaves_blocks_inside_a_call(self):
        """A statement expression's block inside a call is the writer's layout, not
        arguments left behind; the lines of a condition are (cmm_thread's wait)."""
        block = ["\tfoo(a, ({", "\t\tif (x)", "\t\t\ty();", "\t\tz;", "\t}));"]
        self.assertEqual(tidy._follow_open_parens(block, set(range(5))), block)
        cond = ["\tx = some_function(a,", "\t\t\t  b ||", "\t\tc);"]
        self.assertEqual(tidy._follow_open_parens(cond, {0, 1, 2}),
                         ["\tx = some_function(a,", "\t\t\t  b ||", "\t\t\t  c);"])
        # An argument off the column: moved there, but only on written lines.
        for lead in ("\t  ", "\t\t"):
            off = ["\tx = f(a,", "\t      b,", lead + "c);"]
            self.assertEqual(tidy._follow_open_parens(off, {0, 1, 2}),
                             ["\tx = f(a,", "\t      b,", "\t      c);"])
            self.assertEqual(tidy._follow_open_parens(off, {0, 1}), off)

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

    def test_open_ended_call_refilled_when_joined_too_long(self):
        """vimc_streamer_thread: joined, the call is 104 columns; its arguments are filled
        into lines aligned to the first one instead."""
        text = ("static void t_func(void *arg)\n{\n\tfor (;;) {\n"
                "\t\tctx->frame = stream->ved_pipeline[i]->process_frame(\n"
                "\t\t\t\tstream->ved_pipeline[i], ctx->frame);\n\t}\n}")
        got = tidy.tidy(TREE, text, LEGACY)
        self.assertEqual(got.text, "static void t_func(void *arg)\n{\n\tfor (;;) {\n"
                         "\t\tctx->frame = stream->ved_pipeline[i]->process_frame("
                         "stream->ved_pipeline[i],\n" + "\t" * 8 + "    ctx->frame);\n"
                         "\t}\n}")
        self.assertEqual(got.fixed, ["OPEN_ENDED_LINE"])

    def test_two_casts_on_a_line(self):
        """checkpatch drops one space after a cast per line and run: run again."""
        text = "static void t_func(void *arg)\n{\n\tf((void *) a, (void *) k);\n}"
        got = tidy.tidy(TREE, text, LEGACY)
        self.assertEqual(got.text, "static void t_func(void *arg)\n{\n\tf((void *)a, (void *)k);\n}")
        self.assertEqual(got.fixed, ["SPACING"])

    def test_else_after_brace(self):
        text = "static void t_func(void *arg)\n{\n\tif (k) {\n\t\tf(1);\n\t\tf(2);\n\t}\n" \
               "\telse {\n\t\tf(3);\n\t\tf(4);\n\t}\n}"
        got = tidy.tidy(TREE, text, LEGACY)
        self.assertEqual(got.text, text.replace("\t}\n\telse {", "\t} else {"))
        self.assertIn("ELSE_AFTER_BRACE", got.fixed)
        self.assertEqual(got.braces, [])


    def sources(self, text: str = "") -> stringify.Sources:
        return stringify.Sources(TREE, "drivers/x/x.c", text)

    def test_split_string_joined(self):
        text = ("static void t_func(void *arg)\n{\n\tif (k)\n\t\tdev_err(d, \"no \"\n"
                "\t\t\t\"device\\n\");\n}")
        got = tidy.tidy(TREE, text, LEGACY, self.sources())
        self.assertEqual(got.text, "static void t_func(void *arg)\n{\n\tif (k)\n"
                                   "\t\tdev_err(d, \"no device\\n\");\n}")
        self.assertEqual(got.fixed, ["SPLIT_STRING"])

    def test_split_string_kept(self):
        """Not joined: under a macro that stringifies its argument, without the file's
        sources, after a hex escape the next literal would extend, and when the joined
        line would be too long without holding the string alone."""
        texts = {
            "#define SAY(x) pr_info(\"%s\", #x)\n": "\tSAY(\"no \"\n\t    \"device\");",
            "": "\tdev_err(d, \"no \\x1\"\n\t\t\"f device\");",
        }
        long = "\tdev_err(d, \"%s" + "x" * 70 + "\"\n\t\t\"y\", name);"
        texts[" "] = long
        for source, body in texts.items():
            text = "static void t_func(void *arg)\n{\n" + body + "\n}"
            with self.subTest(body):
                self.assertEqual(tidy.tidy(TREE, text, LEGACY, self.sources(source)).text, text)
        text = "static void t_func(void *arg)\n{\n\tdev_err(d, \"a \"\n\t\t\"b\");\n}"
        self.assertEqual(tidy.tidy(TREE, text, LEGACY).text, text)

    def test_idle_parentheses_dropped(self):
        text = ("static void t_func(void *arg)\n{\n\tif ((k != 0) &&\n\t    (k != 2))\n"
                "\t\tspin_lock(&(k->lock));\n\tSAY(&(k->lock));\n}")
        safe = canon.declared({"arg", "k"})
        got = tidy.tidy(TREE, text, LEGACY, self.sources("#define SAY(x) f(#x)\n"), safe)
        self.assertEqual(got.text, "static void t_func(void *arg)\n{\n\tif (k != 0 &&\n"
                                   "\t    k != 2)\n\t\tspin_lock(&k->lock);\n"
                                   "\tSAY(&(k->lock));\n}")
        self.assertEqual(got.fixed, ["UNNECESSARY_PARENTHESES"])

    def test_misspelling_fixed_in_comments_only(self):
        """w1_process: checkpatch's TYPO_SPELLING fix is kept where it changes comment text;
        in a string or a name it would change a token: dropped."""
        text = ("static void t_func(void *arg)\n{\n\t/* avoid loosing events */\n"
                "\tpr_info(\"loosing\\n\");\n\tloosing_count++;\n}")
        got = tidy.tidy(TREE, text, LEGACY)
        self.assertEqual(got.text, text.replace("avoid loosing", "avoid losing"))
        self.assertEqual(got.fixed, ["TYPO_SPELLING"])

    def test_kernel_type_and_comment_on_any_line(self):
        """A legacy declaration and comment kept verbatim get `u32` and lose a repeated
        word (the patch adds the lines to func), but no other fix there."""
        legacy = LEGACY.replace("\tint k = (int) arg;\n",
                                "\t/* is\n\t * is set */\n\tuint32_t n;\n\tint k = (int) arg;\n")
        text = ("static void t_func(void *arg)\n{\n\t/* is\n\t * is set */\n\tuint32_t n;\n"
                "\tint k = (int) arg;\n\n\tn = k;\n}")
        got = tidy.tidy(TREE, text, legacy)
        self.assertEqual(got.text, text.replace("uint32_t", "u32").replace(" * is set", " * set"))
        self.assertEqual(got.fixed, ["PREFER_KERNEL_TYPES", "REPEATED_WORD"])

BODY = "static void t_func(void *arg)\n{\n%s\tdone(k);\n}"


@unittest.skipUnless((TREE / tidy.CHECKPATCH).exists(), "no kernel tree with checkpatch.pl")
class Braces(unittest.TestCase):
    """Braces of if/else chains on written lines: on all arms or none, as checkpatch asks."""

    def tidied(self, chain: str, legacy: str = LEGACY) -> tidy.Tidied:
        return tidy.tidy(TREE, BODY % chain, legacy)

    def test_added_on_all_arms(self):
        got = self.tidied("\tif (k) {\n\t\tf(1);\n\t\tf(2);\n\t} else if (a)\n\t\treturn;\n"
                          "\telse\n\t\tf(3);\n")
        self.assertEqual(got.text, BODY % "\tif (k) {\n\t\tf(1);\n\t\tf(2);\n"
                         "\t} else if (a) {\n\t\treturn;\n\t} else {\n\t\tf(3);\n\t}\n")
        self.assertEqual(got.braces, ["added"])

    def test_added_to_the_then_arm(self):
        got = self.tidied("\tif (k)\n\t\tf(1);\n\telse {\n\t\tf(2);\n\t\tf(3);\n\t}\n")
        self.assertEqual(got.text, BODY % "\tif (k) {\n\t\tf(1);\n\t} else {\n\t\tf(2);\n"
                         "\t\tf(3);\n\t}\n")
        self.assertEqual(got.braces, ["added"])

    def test_removed_from_all_arms(self):
        got = self.tidied("\tif (k) {\n\t\tf(1);\n\t} else {\n\t\tf(2);\n\t}\n"
                          "\tif (a) {\n\t\treturn;\n\t}\n")
        self.assertEqual(got.text, BODY % "\tif (k)\n\t\tf(1);\n\telse\n\t\tf(2);\n"
                         "\tif (a)\n\t\treturn;\n")
        self.assertEqual(got.braces, ["removed"])

    def test_else_joined_then_braced(self):
        """gfs2_quotad: `}` and `else` on two lines are joined; the joined `} else` then
        needs braces on the else arm (two long arms: checkpatch only calls them
        unbalanced)."""
        got = self.tidied("\tif (k) {\n\t\tf(1);\n\t\tf(2);\n\t}\n\telse\n"
                          "\t\tg(1,\n\t\t  2);\n")
        self.assertEqual(got.text, BODY % "\tif (k) {\n\t\tf(1);\n\t\tf(2);\n\t} else {\n"
                         "\t\tg(1,\n\t\t  2);\n\t}\n")
        self.assertEqual(got.braces, ["added"])
        self.assertIn("ELSE_AFTER_BRACE", got.fixed)

    def test_dangling_else_keeps_its_braces(self):
        """Without the braces the else would go to the inner if: they stay; the other arm
        gets braces as checkpatch asks."""
        got = self.tidied("\tif (k) {\n\t\tif (a)\n\t\t\tf(1);\n\t} else\n\t\tf(2);\n")
        self.assertEqual(got.text, BODY % "\tif (k) {\n\t\tif (a)\n\t\t\tf(1);\n"
                         "\t} else {\n\t\tf(2);\n\t}\n")

    def test_arm_holding_a_loop_untouched(self):
        """An arm whose statement holds another keeps its layout: the canonical form would
        not see the braces as layout."""
        chain = "\tif (k) {\n\t\tf(1);\n\t\tf(2);\n\t} else\n\t\twhile (a)\n\t\t\tf(3);\n"
        got = self.tidied(chain)
        self.assertEqual(got.text, BODY % chain)
        self.assertEqual(got.braces, [])

    def test_legacy_chain_untouched(self):
        chain = "\tif (k) {\n\t\tf(1);\n\t\tf(2);\n\t} else\n\t\tf(3);\n"
        got = self.tidied(chain, legacy=BODY % chain)
        self.assertEqual(got.text, BODY % chain)
        self.assertEqual(got.braces, [])


if __name__ == "__main__":
    unittest.main()
