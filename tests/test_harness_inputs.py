# SPDX-License-Identifier: GPL-2.0
"""What the harness reads: fixture headers, prototypes of the work functions, the thread
function and the iterant description, and the bad inputs it refuses with a message."""
import difflib
import enum
import tempfile
import types
import unittest
from pathlib import Path

from tests.harness import cdecl, fixture, glue, scripts
from tests.harness.errors import HarnessError
from tests.harness import cli
from tests.harness.runner import Result, Verdict
from tests.harness.sources import EngineSource, HandSource

HEADER = """\
// SPDX-License-Identifier: GPL-2.0
/*
 * Rule: a rule written over
 *   two lines
 * Expect: refused: goto into the loop
 * Harness: returns read=0,-5 more=1; queries ready, busy; consumes take
 */
"""


class Header(unittest.TestCase):
    def load(self, text: str) -> fixture.Fixture:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "f.c"
            path.write_text(text)
            return fixture.load(path)

    def test_fields_and_continuation_lines(self):
        fx = self.load(HEADER)
        self.assertEqual(fx.fields["rule"], "a rule written over two lines")
        self.assertEqual((fx.expect, fx.reason), (fixture.Expect.REFUSED, "goto into the loop"))
        self.assertEqual(fx.stubs.returns, {"read": (0, -5), "more": (1,)})
        self.assertEqual(fx.stubs.queries, {"ready", "busy"})
        self.assertEqual(fx.stubs.consumes, {"take"})

    def test_bad_headers_are_refused_with_the_reason(self):
        cases = {
            "/* Rule: x */": "no 'Expect:' line",
            "/*\n * Expect: maybe\n */": "Expect must be",
            "/*\n * Expect: refused\n */": "must give its reason",
            "/*\n * Expect: converted\n * Harness: returns read=x\n */": "bad 'returns'",
            "/*\n * Expect: converted\n * Harness: sometimes read\n */": "unknown Harness",
            "int x;": "no header comment",
        }
        for text, message in cases.items():
            with self.subTest(text):
                with self.assertRaisesRegex(HarnessError, message):
                    self.load(text)


SOURCE = """\
#include <linux/kthread.h>
struct foo;
static int work(struct foo *f, int n);
extern void report(const char *msg, unsigned long);
void *get(void);
bool ready(struct foo *);
int cb(int (*)(void *), u32 flags[]);
static int defined_here(void) { return 0; }
int kthread_should_stop_alike(void);
static const struct kthread_iterant a_kti = { .type = 0 };
"""


class Prototypes(unittest.TestCase):
    def test_undefined_functions_and_their_parameters(self):
        protos = cdecl.undefined_functions(SOURCE, "s.c", {"kthread_should_stop_alike"})
        self.assertEqual([p.name for p in protos], ["work", "report", "get", "ready", "cb"])
        work, report, get, ready, cb = protos
        self.assertEqual((work.static, work.ret_kind, [(p.name, p.kind) for p in work.params]),
                         (True, "int", [("f", "ptr"), ("n", "int")]))
        self.assertEqual([(p.decl, p.kind) for p in report.params],
                         [("const char *msg", "str"), ("unsigned long arg1", "int")])
        self.assertEqual((get.ret, get.ret_kind, get.params), ("void *", "ptr", ()))
        self.assertEqual((ready.ret_kind, ready.params[0].decl), ("bool", "struct foo * arg0"))
        self.assertEqual([(p.decl, p.kind) for p in cb.params],
                         [("int (*arg0)(void *)", "ptr"), ("u32 flags[]", "ptr")])

    def test_declarations_that_are_no_prototypes_are_skipped(self):
        # Many words and no parameter list: the prototype pattern must not backtrack
        # exponentially on it (it once did, on a wait queue declared __maybe_unused).
        text = ("static wait_queue_head_t wq __maybe_unused __cacheline_aligned_in_smp "
                "__read_mostly __section_x __section_y;\nstruct foo *(*hook)(int);\n"
                "typedef int (*fn_t)(void);\nint (*table[4])(void);\n")
        self.assertEqual(cdecl.undefined_functions(text, "s.c", set()), [])

    def test_what_cannot_be_stubbed_is_refused(self):
        for text, message in {"int f(struct foo f);": "passed by value",
                              "struct foo f(void);": "returned by value",
                              "int f(const char *fmt, ...);": "variadic"}.items():
            with self.subTest(text):
                with self.assertRaisesRegex(HarnessError, message):
                    cdecl.undefined_functions(text, "s.c", set())


THREADS = """\
static int helper(void *data) { return 0; }
static int a_thread(void *data)
{
	while (!kthread_should_stop())
		helper(data);
	return 0;
}
static int b_thread(void *data)
{
	while (!kthread_should_stop())
		helper(data);
	return 0;
}
"""


class Entries(unittest.TestCase):
    def test_the_thread_is_the_one_handed_to_a_creator(self):
        text = THREADS + "void go(void) { kthread_run(b_thread, NULL, \"b\"); }\n"
        self.assertEqual(glue.thread_function(text, "t.c", None), glue.Entry("b_thread", False))

    def test_two_candidates_need_a_thread_line(self):
        with self.assertRaisesRegex(HarnessError, "a_thread, b_thread.*Thread:"):
            glue.thread_function(THREADS, "t.c", None)
        self.assertEqual(glue.thread_function(THREADS, "t.c", "a_thread").name, "a_thread")
        with self.assertRaisesRegex(HarnessError, "not defined"):
            glue.thread_function(THREADS, "t.c", "c_thread")

    def test_the_description_named_after_the_thread(self):
        text = ("static const struct kthread_iterant a_thread_kti = { };\n"
                "static const struct kthread_iterant b_thread_kti = { };\n")
        self.assertEqual(glue.description(text, "c.c", "b_thread"),
                         glue.Entry("b_thread_kti", True))
        with self.assertRaisesRegex(HarnessError, "found 0"):
            glue.description(text, "c.c", "c_thread")

    def test_the_owner_reads_the_result_unless_every_kthread_stop_is_a_statement(self):
        unread = "void s(struct x *x)\n{\n\tkthread_stop(x->task);\n}\n"
        self.assertFalse(glue.result_read(unread))
        for text in ("int s(struct x *x)\n{\n\treturn kthread_stop(x->task);\n}\n",
                     "void s(struct x *x)\n{\n\tx->err = kthread_stop(x->task);\n}\n",
                     "void s(struct x *x)\n{\n\tif (kthread_stop_put(x->task))\n\t\tf();\n}\n",
                     unread + "int t(struct x *x)\n{\n\treturn kthread_stop(x->t2);\n}\n",
                     "void s(void)\n{\n}\n"):
            with self.subTest(text):
                self.assertTrue(glue.result_read(text))

    def test_the_harness_line_must_name_declared_functions(self):
        stubs = fixture.Stubs(queries=frozenset({"missing"}))
        with self.assertRaisesRegex(HarnessError, "names missing"):
            glue.translation_unit(Path("s.c"), SOURCE, glue.Entry("a_kti", True), stubs)


class Scripts(unittest.TestCase):
    def test_park_scripts_only_for_an_original_that_parks(self):
        names = {s.name for s in scripts.applicable(THREADS)}
        self.assertNotIn("park-in-call", names)
        parking = THREADS.replace("helper(data);", "kthread_parkme();", 1)
        self.assertIn("park-in-call", {s.name for s in scripts.applicable(parking)})

    def test_every_script_ends_with_the_owners_stop(self):
        for script in scripts.SCRIPTS:
            self.assertEqual(script.argv()[-2:], ["call#40=stop", "sleep#40=stop"])


class FakeOutcome(enum.Enum):
    CONVERTED = "converted"
    REFUSED = "refused"


class EngineAdapter(unittest.TestCase):
    ORIGINAL = "/*\n * Expect: converted\n */\nint a;\nint b;\n"
    CONVERTED = "/*\n * Expect: converted\n */\nint a;\nint c;\n"

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        path = Path(self.tmp.name) / "fx.c"
        path.write_text(self.ORIGINAL)
        self.fx = fixture.load(path)

    def source(self, **answer):
        engine = types.ModuleType("fake_engine")
        engine.Outcome = FakeOutcome
        engine.convert_file = lambda path: types.SimpleNamespace(**answer)
        return EngineSource(Path(self.tmp.name) / "out", engine)

    def diff(self, name):
        return "".join(difflib.unified_diff(
            self.ORIGINAL.splitlines(True), self.CONVERTED.splitlines(True),
            "a/" + name, "b/" + name))

    def test_whole_text(self):
        conv = self.source(outcome=FakeOutcome.CONVERTED, reason=None,
                           text=self.CONVERTED).converted(self.fx)
        self.assertEqual(conv.path.read_text(), self.CONVERTED)

    def test_patch_applied_to_the_fixture_at_its_tree_path(self):
        name = "drivers/fx.c"
        conv = self.source(outcome=FakeOutcome.CONVERTED, reason=None, text="",
                           patch=self.diff(name), files=(name,)).converted(self.fx)
        self.assertEqual(conv.path.read_text(), self.CONVERTED)

    def test_refusal(self):
        conv = self.source(outcome=FakeOutcome.REFUSED, reason="goto into the loop",
                           patch="").converted(self.fx)
        self.assertTrue(conv.refused)
        self.assertEqual(conv.reason, "goto into the loop")

    def test_inconsistent_answers_are_errors(self):
        cases = {
            "refused but returned": dict(outcome=FakeOutcome.REFUSED, reason="x",
                                         patch=self.diff("fx.c")),
            "neither text nor patch": dict(outcome=FakeOutcome.CONVERTED, reason=None),
            "does not apply": dict(outcome=FakeOutcome.CONVERTED, reason=None,
                                   patch=self.diff("fx.c").replace("int b;", "int z;")),
        }
        for message, answer in cases.items():
            with self.subTest(message):
                with self.assertRaisesRegex(HarnessError, message):
                    self.source(**answer).converted(self.fx)

    def test_an_engine_without_the_one_file_api_is_refused(self):
        with self.assertRaisesRegex(HarnessError, "convert_file"):
            EngineSource(Path(self.tmp.name), types.ModuleType("empty"))


class Hand(unittest.TestCase):
    def test_converted_or_expected_beside_the_fixture(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "fx.c"
            path.write_text("/*\n * Expect: converted\n */\n")
            fx = fixture.load(path)
            self.assertTrue(HandSource().converted(fx).refused)
            (Path(tmp) / "fx.expected.c").write_text("int a;\n")
            self.assertEqual(HandSource().converted(fx).path, Path(tmp) / "fx.expected.c")
            (Path(tmp) / "fx.converted.c").write_text("int a;\n")
            with self.assertRaisesRegex(HarnessError, "both"):
                HandSource().converted(fx)


class Errors(unittest.TestCase):
    def test_bad_input_is_an_error_of_its_fixture_alone(self):
        def bad() -> Result:
            raise HarnessError("fx.c includes <linux/list_bl.h>")
        result = cli._guarded("fx", bad)
        self.assertEqual((result.name, result.verdict, result.summary),
                         ("fx", Verdict.ERROR, "fx.c includes <linux/list_bl.h>"))


if __name__ == "__main__":
    unittest.main()
