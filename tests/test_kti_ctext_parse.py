# SPDX-License-Identifier: GPL-2.0
"""The C-text toolkit's tokens, directives, macros and statement parser on tricky inputs.

Expected positions are counted by hand from the inputs (lines 1-based, columns 0-based);
one-line inputs make the byte offsets equal to the columns.
"""
import textwrap
import unittest

from kti import ctext
from kti.ctext import macros, parse, preproc, tokens


def function(source: str, name: str) -> parse.Function:
    """The parsed definition of `name` in source."""
    text = textwrap.dedent(source)
    span = [s for s in ctext.function_spans(ctext.mask(text)) if s.name == name][0]
    return parse.Function(text, span.name_offset, ctext.read_macros(text))


def kinds(node: parse.Node) -> list:
    return [(c.kind, c.what or c.name) for c in node.children]


class TokenTest(unittest.TestCase):
    TEXT = "a /* c\n */ b\n#define X 1 \\\n 2\nc \"}\" 'x'\n"

    def test_positions_skip_comments_and_count_lines(self):
        toks, _ = tokens.lex(self.TEXT)
        self.assertEqual([(t.text, t.line, t.col, t.offset, t.end) for t in toks],
                         [("a", 1, 0, 0, 1), ("b", 2, 4, 11, 12), ("c", 5, 0, 30, 31),
                          ('"}"', 5, 2, 32, 35), ("'x'", 5, 6, 36, 39)])
        self.assertEqual([t.kind for t in toks],
                         [tokens.ID, tokens.ID, tokens.ID, tokens.STR, tokens.STR])

    def test_directive_spans_its_continuation_line(self):
        _, directives = tokens.lex(self.TEXT)
        self.assertEqual([(d.kind, d.line, d.end_line, d.offset, d.end) for d in directives],
                         [("define", 3, 4, 13, 29)])
        self.assertEqual(directives[0].argument, "X 1 \\\n 2")

    def test_hash_inside_a_line_is_an_operator(self):
        toks, directives = tokens.lex("x # y\n")
        self.assertEqual(directives, [])
        self.assertEqual([t.text for t in toks], ["x", "#", "y"])

    def test_match_bracket_and_recovery(self):
        toks, _ = tokens.lex("f(a[1], {b});")
        self.assertEqual(tokens.match_bracket(toks, 1), 10)  # ( ... )
        self.assertEqual(tokens.match_bracket(toks, 3), 5)   # [ 1 ]
        toks, _ = tokens.lex("( [ )")
        self.assertEqual(tokens.match_bracket(toks, 0), 2)   # ')' pops the open '['

    def test_split_top(self):
        toks, _ = tokens.lex("a, f(b, c), d")
        self.assertEqual(tokens.split_top(toks, 0, len(toks)), [(0, 1), (2, 8), (9, 10)])


class MacroTest(unittest.TestCase):
    TEXT = ("#define ONE 1\n"
            "#define twice(x, y) \\\n"
            "\tdo { x; y; } while (0)\n"
            "#define empty()\n")

    def test_read_macros(self):
        macros = ctext.read_macros(self.TEXT)
        self.assertEqual(sorted(macros), ["ONE", "empty", "twice"])
        self.assertIsNone(macros["ONE"].params)
        self.assertEqual(macros["empty"].params, [])
        self.assertEqual(macros["twice"].params, ["x", "y"])
        self.assertEqual((macros["twice"].line, macros["twice"].end_line), (2, 3))
        body = macros["twice"].body
        self.assertEqual([t.text for t in body][:3], ["do", "{", "x"])
        self.assertEqual((body[0].line, body[0].col), (3, 1))

    def test_macro_at_follows_continuations(self):
        lines = ctext.split_lines(self.TEXT)
        self.assertEqual(ctext.macro_at(lines, 3).name, "twice")
        self.assertEqual(ctext.macro_at(lines, 3).params, ["x", "y"])
        self.assertIsNone(ctext.macro_at(lines, 5))
        self.assertEqual(ctext.macro_lines(self.TEXT), {1, 2, 3, 4})


class ParseTest(unittest.TestCase):
    def test_do_while_extent_condition_and_while_keyword(self):
        fn = function("""\
            int f(void *d)
            {
            	do {
            		work();
            	} while (!stop(d));
            	return 0;
            }
            """, "f")
        self.assertEqual(kinds(fn.root), [("loop", "do"), ("jump", "return")])
        loop = fn.root.children[0]
        self.assertEqual(fn.position(loop.start)[:2], (3, 1))
        self.assertEqual(fn.token_text(loop.end), ";")
        self.assertEqual(fn.position(loop.end)[:2], (5, 19))
        self.assertEqual(fn.texts(*loop.cond), ["!", "stop", "(", "d", ")"])
        self.assertEqual(fn.position(loop.do_while)[:2], (5, 3))
        self.assertEqual(fn.token_text(loop.body.start), "{")
        self.assertEqual(fn.position(loop.body.end)[:2], (5, 1))

    def test_offsets_on_one_line(self):
        fn = function("void f(void){while(1){if(x)break;}}", "f")
        loop = fn.root.children[0]
        self.assertEqual(fn.extent(loop), (13, 34))
        self.assertEqual(fn.range_extent(loop.cond), (19, 20))
        jump = [n for n, _ in fn.nodes if n.kind == parse.JUMP][0]
        self.assertEqual(fn.extent(jump), (27, 33))
        self.assertIs(jump.target, loop)

    def test_nested_loops_break_and_continue_targets(self):
        fn = function("""\
            void f(void)
            {
            	while (a) {
            		for (;;) {
            			if (b)
            				break;
            			continue;
            		}
            		if (c)
            			break;
            	}
            }
            """, "f")
        outer = fn.root.children[0]
        inner = outer.body.children[0]
        self.assertEqual((outer.what, inner.what), ("while", "for"))
        self.assertEqual(fn.texts(*inner.cond), [])
        self.assertEqual(fn.texts(*inner.init), [])
        jumps = [n for n, _ in fn.nodes if n.kind == parse.JUMP]
        self.assertEqual([(j.what, fn.position(j.start)[0]) for j in jumps],
                         [("break", 6), ("continue", 7), ("break", 10)])
        self.assertEqual([j.target for j in jumps], [inner, inner, outer])

    def test_for_parts(self):
        fn = function("void f(void){for(i=0;i<n;i++)g();}", "f")
        loop = fn.root.children[0]
        self.assertEqual([fn.texts(*r) for r in (loop.init, loop.cond, loop.step)],
                         [["i", "=", "0"], ["i", "<", "n"], ["i", "++"]])
        self.assertEqual(loop.body.kind, parse.SIMPLE)

    def test_switch_break_leaves_the_switch_not_the_loop(self):
        fn = function("""\
            void f(void)
            {
            	while (1) {
            		switch (cmd()) {
            		case 1:
            			break;
            		default:
            			return;
            		}
            	}
            }
            """, "f")
        loop = fn.root.children[0]
        switch = loop.body.children[0]
        self.assertEqual(switch.kind, parse.SWITCH)
        self.assertEqual(kinds(switch.body), [("case", None), ("jump", "break"),
                                              ("case", None), ("jump", "return")])
        brk, ret = switch.body.children[1], switch.body.children[3]
        self.assertIs(brk.target, switch)
        self.assertIsNone(ret.target)

    def test_label_and_backward_goto_make_a_loop(self):
        fn = function("""\
            void f(void)
            {
            again:
            	work();
            	if (x)
            		goto again;
            	goto out;
            out:
            	return;
            }
            """, "f")
        self.assertEqual(kinds(fn.root), [("loop", "goto"), ("jump", "goto"),
                                          ("label", "out"), ("jump", "return")])
        loop = fn.root.children[0]
        self.assertEqual(loop.name, "again")
        self.assertEqual(fn.position(loop.start)[:2], (3, 0))
        self.assertEqual(fn.position(loop.end)[:2], (6, 12))  # the ';' of goto again
        gotos = [n for n, _ in fn.nodes if n.kind == parse.JUMP and n.what == "goto"]
        self.assertEqual([(g.name, g.target.name) for g in gotos],
                         [("again", "again"), ("out", "out")])

    def test_ifdef_splitting_a_loop_head(self):
        fn = function("""\
            int t(void *d)
            {
            #ifdef A
            	while (!kthread_should_stop()) {
            #else
            	for (;;) {
            #endif
            		work();
            	}
            	return 0;
            }
            int next(void *d) { return 1; }
            """, "t")
        self.assertEqual(fn.position(len(fn.tokens) - 1)[:2], (11, 0))
        self.assertEqual(kinds(fn.root), [("loop", "while"), ("jump", "return")])
        self.assertEqual([(d.kind, d.line) for d in fn.directives],
                         [("ifdef", 3), ("else", 5), ("endif", 7)])
        group = fn.conditionals[0]
        self.assertEqual(group.dropped, [1])
        self.assertNotIn("for", [t.text for t in fn.tokens])
        self.assertEqual(fn.crossing(fn.root.children[0]), [group])
        self.assertEqual(fn.crossing(fn.root.children[1]), [])

    def test_balanced_branches_are_both_kept(self):
        fn = function("""\
            int t(void *d)
            {
            	while (!kthread_should_stop()) {
            #ifdef TRACE
            		trace(d);
            #else
            		count(d);
            #endif
            	}
            	return 0;
            }
            """, "t")
        self.assertEqual(fn.conditionals[0].dropped, [])
        loop = fn.root.children[0]
        self.assertEqual([fn.token_text(c.start) for c in loop.body.children],
                         ["trace", "count"])
        self.assertEqual(fn.crossing(loop), [])

    def test_loop_macros_are_expanded_at_their_use(self):
        fn = function("""\
            #define for_each_item(i) for ((i) = 0; (i) < N; (i)++)
            #define forever while (1)
            void f(void)
            {
            	int i;
            	for_each_item(i)
            		use(i);
            	forever {
            		poll();
            	}
            	list_for_each_entry(p, &head, node) {
            		seen(p);
            	}
            }
            """, "f")
        loops = [n for n, _ in fn.loops()]
        self.assertEqual([(n.what, n.name) for n in loops],
                         [("for", None), ("while", None), ("iterator", "list_for_each_entry")])
        first = fn.tokens[loops[0].start]
        self.assertEqual((first.text, first.line, first.col, first.macro),
                         ("for", 6, 1, "for_each_item"))
        self.assertEqual(fn.texts(*loops[0].cond), ["(", "i", ")", "<", "N"])
        self.assertEqual(fn.texts(*loops[1].cond), ["1"])
        self.assertEqual(fn.texts(*loops[2].cond), ["p", ",", "&", "head", ",", "node"])

    def test_declarations(self):
        fn = function("""\
            void f(void)
            {
            	struct foo *a = x, b;
            	int (*fn)(void *) = g;
            	unsigned long flags;
            	count = 0;
            	mutex_lock(&m);
            }
            """, "f")
        found = [(n.kind, [d[0] for d in n.decls]) for n in fn.root.children]
        self.assertEqual(found, [("decl", ["a", "b"]), ("decl", ["fn"]), ("decl", ["flags"]),
                                 ("simple", []), ("simple", [])])
        init = fn.root.children[0].decls[0][2]
        self.assertEqual(fn.texts(*init), ["x"])

    def test_typeof_declarations(self):
        fn = function("""\
            void f(struct chan *c)
            {
            	typeof(c->ops->send) send = c->ops->send;
            	__typeof__(*c) *copy, other;
            	typeof(c);
            }
            """, "f")
        found = [(n.kind, [d[0] for d in n.decls]) for n in fn.root.children]
        self.assertEqual(found, [("decl", ["send"]), ("decl", ["copy", "other"]),
                                 ("simple", [])])
        init = fn.root.children[0].decls[0][2]
        self.assertEqual(fn.texts(*init), ["c", "->", "ops", "->", "send"])

    def test_prototype_has_no_body(self):
        text = "int f(void *d);\nint f(void *d) { return 0; }\n"
        fn = parse.Function(text, 4)
        self.assertIsNone(fn.root)
        self.assertEqual(parse.Function(text, 20).root.kind, parse.BLOCK)


class ConditionalTest(unittest.TestCase):
    def test_groups_branches_and_nesting(self):
        text = "#if A\nx\n#elif B\n#ifdef C\ny\n#endif\n#else\nz\n#endif\n"
        _, directives = tokens.lex(text)
        groups = preproc.conditionals(directives, len(text))
        self.assertEqual(len(groups), 2)
        outer, inner = groups
        self.assertEqual([b.directive.kind for b in outer.branches], ["if", "elif", "else"])
        self.assertEqual(outer.endif.line, 9)
        self.assertEqual((inner.branches[0].directive.line, inner.endif.line), (4, 6))
        self.assertEqual((outer.start, outer.end), (0, len(text) - 1))


class FunctionSpanTest(unittest.TestCase):
    SPLIT = ("int t(void *d)\n{\n#ifdef A\n\twhile (!stop()) {\n#else\n\tfor (;;) {\n"
             "#endif\n\t\twork();\n\t}\n\treturn 0;\n}\nint next(void *d) { return 1; }\n")

    def test_spans_survive_a_loop_head_split_by_ifdef(self):
        spans = ctext.function_spans(ctext.mask(self.SPLIT))
        self.assertEqual([(s.name, s.body_open) for s in spans], [("t", 15), ("next", 114)])
        self.assertEqual(self.SPLIT[spans[0].body_close - 1:spans[0].body_close + 2], "\n}\n")

    def test_one_branch_view_blanks_only_unbalanced_later_branches(self):
        text = ("#if A\n{\n#else\n{\n#endif\n}\n"       # unbalanced: #else blanked
                "#ifdef B\nf(x);\n#else\ng(y);\n#endif\n")  # balanced: kept
        view = preproc.one_branch_view(text)
        self.assertEqual(len(view), len(text))
        self.assertEqual(view.split("\n"), ["#if A", "{", "     ", " ", "#endif", "}",
                                            "#ifdef B", "f(x);", "#else", "g(y);",
                                            "#endif", ""])

    def test_spans_survive_a_define_with_an_unbalanced_brace(self):
        # kernel/trace/trace_events.c: do_for_each_event_file() opens a block that
        # while_for_each_event_file() closes.
        text = ("#define for_each_x(x) \\\n\tlist_for_each(x) {\t\\\n\t\tfoo(x)\n"
                "#define for_each_x_safe(x) \\\n\tlist_for_each(x) {\t\\\n\t\tbar(x)\n"
                "#define end_for_each_x() \\\n\t}\n"
                "#define ok(x) do { x; } while (0)\n"
                "int first(void *d)\n{\n\treturn 0;\n}\n"
                "int second(void *d)\n{\n\treturn ok(1);\n}\n")
        spans = ctext.function_spans(ctext.mask(text))
        self.assertEqual([s.name for s in spans], ["first", "second"])
        view = macros.without_unbalanced_defines(text)
        self.assertEqual(len(view), len(text))
        self.assertIn("#define ok(x) do { x; } while (0)\n", view)
        self.assertNotIn("list_for_each", view)

    def test_name_offset(self):
        text = "static int\nworker(void *d)\n{\n}\n"
        span = ctext.function_spans(ctext.mask(text))[0]
        self.assertEqual((span.name, span.name_offset), ("worker", 11))


if __name__ == "__main__":
    unittest.main()
