# SPDX-License-Identifier: GPL-2.0
"""The converter's engine beyond the fixtures: the round trip must catch wrong conversions,
a creation site in another file is rewritten with the definition, names fall back when
taken, and a refused unit has an empty patch.

Each test builds a throwaway git tree from files of tests/convert/ (or written here), scans
it with the detector and converts it with the real spatch.
"""
import dataclasses
import re
import tempfile
import unittest
from pathlib import Path

from tests import kti_support as ks  # noqa: F401  (puts scripts/ on sys.path)
from kti.convert import Outcome, plan_tree, round_trip
from kti import ctext
from kti.convert import macrouse
from kti.convert import patch as patchmod
from kti.convert import sites, state
from kti.convert.onefile import apply, file_tree
from kti.ctext import read_macros

FIXTURES = Path(__file__).resolve().parent / "convert"


def converted(tree: Path, inventory: dict, name: str):
    # Unit ids are inventory ids, file:function:line.
    convs = [c for c in plan_tree(tree, inventory) if c.unit_id.split(":")[1] == name]
    assert len(convs) == 1, convs
    return convs[0]


def corrupt(tree: Path, conv, edit):
    """conv whose converted text went through edit(text) -> text."""
    path = conv.files[0]
    text = apply(tree, conv)[path]
    bad = edit(text)
    assert bad != text, "the corruption changed nothing"
    original = (tree / path).read_text(encoding="latin-1")
    return dataclasses.replace(conv, patch=patchmod.unified(path, original, bad))


PARENT_AND_CHILD = """// SPDX-License-Identifier: GPL-2.0
#include <linux/kthread.h>
#include <linux/delay.h>

static struct task_struct *parent_task;

static void poll_once(void);

static int child_thread(void *arg)
{
\twhile (!kthread_should_stop())
\t\tschedule_timeout_uninterruptible(HZ / 20);
\tpoll_once();
\treturn 0;
}

static int parent_thread(void *arg)
{
\tstruct task_struct *child;

\twhile (!kthread_should_stop()) {
\t\tchild = kthread_run(child_thread, arg, "child");
\t\tmsleep(10);
\t\tif (!IS_ERR(child))
\t\t\tkthread_stop(child);
\t}
\treturn 0;
}

static int __init parent_init(void)
{
\tparent_task = kthread_run(parent_thread, NULL, "parent");
\treturn PTR_ERR_OR_ZERO(parent_task);
}

static void __exit parent_exit(void)
{
\tkthread_stop(parent_task);
}
module_init(parent_init);
module_exit(parent_exit);
"""


class MemberStartsMember(unittest.TestCase):
    """rcu_torture_read_exit() starts rcu_torture_read_exit_child() of the same file: the
    unit of both passes the round trip with the child's creation call rewritten inside the
    parent's func, and fails it when that call names anything else."""

    def test_creation_call_of_another_member(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "parent.c"
            path.write_text(PARENT_AND_CHILD)
            with file_tree([path]) as (tree, inventory):
                convs = [c for c in plan_tree(tree, inventory) if c.outcome is Outcome.CONVERTED]
                self.assertEqual(len(convs), 1, [c.reason for c in plan_tree(tree, inventory)])
                conv = convs[0]
                self.assertEqual([tf.split(":")[1] for tf in conv.thread_functions],
                                 ["child_thread", "parent_thread"])
                text = apply(tree, conv)["parent.c"]
                self.assertIn("child = kthread_iterant_run(&child_thread_kti, arg, \"child\");",
                              text)
                self.assertTrue(round_trip(tree, conv).ok, round_trip(tree, conv).detail)
                wrong = corrupt(tree, conv, lambda t: t.replace(
                    "kthread_iterant_run(&child_thread_kti, arg,",
                    "kthread_iterant_run(&parent_thread_kti, arg,"))
                self.assertFalse(round_trip(tree, wrong).ok)


class ReservedNames(unittest.TestCase):
    """A unit converted again apart from the run (regroup.py) keeps clear of the global
    names the run's other units took: child_thread_kti taken, the next candidate."""

    def test_reserved_description_name(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "parent.c"
            path.write_text(PARENT_AND_CHILD)
            with file_tree([path]) as (tree, inventory):
                conv = plan_tree(tree, inventory, reserved={"child_thread_kti"})[0]
                names = conv.facts["members"]["parent.c:child_thread:9"]["names"]
                self.assertEqual(names["kti"], "child_thread_iterant_kti")
                self.assertEqual(names["func"], "child_thread_func")
                self.assertIn("kthread_iterant_run(&child_thread_iterant_kti, arg,",
                              apply(tree, conv)["parent.c"])


class RoundTripCatchesCorruption(unittest.TestCase):
    """A corrupted conversion must fail the round trip; the correct one must pass."""

    def check(self, fixture: str, thread: str, edits):
        with file_tree([FIXTURES / fixture]) as (tree, inventory):
            conv = converted(tree, inventory, thread)
            self.assertIs(conv.outcome, Outcome.CONVERTED, conv.reason)
            self.assertTrue(round_trip(tree, conv).ok)
            for what, edit in edits:
                with self.subTest(what):
                    result = round_trip(tree, corrupt(tree, conv, edit))
                    self.assertFalse(result.ok, "%s not caught" % what)

    def test_break_destroy(self):
        self.check("break_destroy.c", "reader_thread", [
            ("dropped statement in func",
             lambda t: t.replace("\tconsume_block(r);\n", "", 1)),
            ("dropped statement in destroy",
             lambda t: t.replace("\trelease_reader(r);\n", "", 1)),
            ("break mapped like continue",
             lambda t: t.replace("\t\tkthread_stop_current();\n\t\treturn;",
                                 "\t\treturn;", 1)),
            ("statements swapped",
             lambda t: t.replace("\terr = read_block(r);\n", "", 1).replace(
                 "\tconsume_block(r);\n", "\tconsume_block(r);\n\terr = read_block(r);\n",
                 1)),
            ("flag lost", lambda t: t.replace("\t.type = KTI_NONFREEZABLE,\n", "", 1)),
        ])

    def test_init_attribute(self):
        self.check("init_attribute.c", "selftest_thread", [
            ("__init lost on func",
             lambda t: t.replace("static __init void selftest_thread_func(void",
                                 "static void selftest_thread_func(void", 1)),
            ("__init lost on init",
             lambda t: t.replace("static __init int selftest_thread_init(void",
                                 "static int selftest_thread_init(void", 1)),
            ("__initconst lost", lambda t: t.replace("_kti __initconst =", "_kti =", 1)),
        ])

    def test_context_macros(self):
        self.check("ctx_macro.c", "queue_thread", [
            ("other wait entry set-up",
             lambda t: t.replace("\tinit_waitqueue_entry(&ctx->wait, current);",
                                 "\tinit_wait(&ctx->wait);", 1)),
            ("list head not set up", lambda t: t.replace("\tINIT_LIST_HEAD(&ctx->done);\n",
                                                         "", 1)),
            ("field type changed", lambda t: t.replace("\tstruct list_head done;",
                                                       "\tstruct hlist_head done;", 1)),
        ])

    def test_context(self):
        self.check("ctx_initialized.c", "blinker_thread", [
            ("wrong rename", lambda t: t.replace("led_set(l, ctx->on)",
                                                 "led_set(l, ctx->period)", 1)),
            ("initializer dropped", lambda t: t.replace("\tctx->period = HZ / 2;\n", "", 1)),
            ("field type changed", lambda t: t.replace("\tunsigned long period;",
                                                       "\tunsigned int period;", 1)),
            ("init statement moved to func",
             lambda t: t.replace("\terr = led_setup(l);\n", "", 1)),
        ])

    def test_long_form_of_unsigned(self):
        """`unsigned int` for `unsigned` folds back; another type does not."""
        self.check("unsigned_local.c", "pump_thread", [
            ("type changed", lambda t: t.replace("\tunsigned int n;", "\tunsigned long n;", 1)),
            ("sign dropped", lambda t: t.replace("\tunsigned int n;", "\tint n;", 1)),
        ])

    def test_braces_of_arms(self):
        """Braces tidy added or removed fold back; a statement moved into or out of an arm
        and braces whose removal gives the else to an inner if do not."""
        self.check("braces_arms.c", "arms_thread", [
            ("statement moved out of an arm",
             lambda t: t.replace("\t} else {\n\t\twork(d, 3);\n\t}\n", "\t}\n\twork(d, 3);\n",
                                 1)),
            ("statement moved into an arm",
             lambda t: t.replace("\t\twork(d, 4);\n\telse\n\t\twork(d, 5);\n",
                                 "\t\twork(d, 4);\n\telse {\n\t\twork(d, 5);\n\t\tmsleep(10);\n"
                                 "\t}\n", 1).replace("\t}\n\tmsleep(10);\n", "\t}\n", 1)),
            ("else given to the inner if",
             lambda t: t.replace("\tif (d->ready) {\n\t\tif (d->flags)\n\t\t\twork(d, 6);\n"
                                 "\t} else {", "\tif (d->ready)\n\t\tif (d->flags)\n"
                                 "\t\t\twork(d, 6);\n\telse {", 1)),
        ])

    def test_canonical_tokens(self):
        """u32 for uint32_t, joined literals and dropped idle parentheses fold back; a
        type of another width, a lost space at the join and regrouped operands do not."""
        self.check("tokens_canonical.c", "pump_thread", [
            ("type width changed", lambda t: t.replace("\tu32 n;", "\tu16 n;", 1)),
            ("type sign changed", lambda t: t.replace("\tu32 n;", "\ts32 n;", 1)),
            ("space lost at the join",
             lambda t: t.replace("level %d over limit", "level %dover limit", 1)),
            ("operands regrouped",
             lambda t: t.replace("if (n >= p->limit || p->level == 0)",
                                 "if (n >= (p->limit || p->level == 0))", 1)),
            ("address of another object",
             lambda t: t.replace("spin_lock_irqsave(&p->lock", "spin_lock_irqsave(p->lock",
                                 1)),
        ])

    def test_sizeof_pointee(self):
        """sizeof(*ctx->buf) of a `struct pump_buf *buf` folds back to sizeof(struct
        pump_buf); the size of the pointer or of another structure does not."""
        self.check("alloc_sizeof.c", "pump_thread", [
            ("size of the pointer",
             lambda t: t.replace("\tctx->buf = kzalloc(sizeof(*ctx->buf)",
                                 "\tctx->buf = kzalloc(sizeof(ctx->buf)", 1)),
            ("another structure",
             lambda t: t.replace("\tctx->buf = kzalloc(sizeof(*ctx->buf)",
                                 "\tctx->buf = kzalloc(sizeof(struct pump)", 1)),
        ])

    def test_rotated(self):
        self.check("rotated_continue.c", "hub_thread", [
            ("continue mapped to return",
             lambda t: t.replace("\t\tgoto next;", "\t\treturn;", 1)),
            ("rotated sleep lost in init",
             lambda t: t.replace("\tmsleep_interruptible(500);\n\n\treturn 0;",
                                 "\treturn 0;", 1)),
        ])

    def test_extra_condition(self):
        self.check("extra_condition.c", "batch_thread", [
            ("loop condition not negated",
             lambda t: t.replace("\tif (list_empty(&b->items)) {",
                                 "\tif (!list_empty(&b->items)) {", 1)),
        ])

    def test_stop_helper_do_while(self):
        """The round trip accepts exactly `if (T()) kthread_stop_current();` ending func."""
        test = "\n\tif (torture_must_stop_irq())\n\t\tkthread_stop_current();\n"
        self.check("torture_do_while.c", "stats_thread", [
            ("test at the end of func dropped", lambda t: t.replace(test, "\n", 1)),
            ("test negated", lambda t: t.replace(
                "\tif (torture_must_stop_irq())", "\tif (!torture_must_stop_irq())", 1)),
            ("other helper tested", lambda t: t.replace(
                "\tif (torture_must_stop_irq())", "\tif (kthread_should_stop())", 1)),
            ("test moved to the start of func", lambda t: t.replace(test, "\n", 1).replace(
                "\tmsleep_interruptible(100);",
                "\tif (torture_must_stop_irq())\n\t\tkthread_stop_current();\n"
                "\tmsleep_interruptible(100);", 1)),
            ("exit with a return instead", lambda t: t.replace(
                "\t\tkthread_stop_current();\n}", "\t\treturn;\n}", 1)),
        ])

    def test_stop_helper_while(self):
        """A while loop on the helper needs the test at the end of init too."""
        self.check("torture_while.c", "onoff_thread", [
            ("first test dropped from init", lambda t: t.replace(
                "\thold(p);\n\n\tif (torture_must_stop_irq())\n\t\tkthread_stop_current();\n",
                "\thold(p);\n", 1)),
            ("test before the last statement of func", lambda t: t.replace(
                "\ttoggle(p);\n\tschedule_timeout_interruptible(HZ);\n\n"
                "\tif (torture_must_stop_irq())\n\t\tkthread_stop_current();\n",
                "\ttoggle(p);\n\n\tif (torture_must_stop_irq())\n\t\tkthread_stop_current();\n"
                "\tschedule_timeout_interruptible(HZ);\n", 1)),
            ("wait moved out of destroy", lambda t: t.replace(
                "\ttorture_kthread_stopping(\"onoff\");\n}", "}", 1)),
        ])

    def test_zero_declaration_macro(self):
        self.check("torture_random.c", "shuffle_thread", [
            ("field type changed", lambda t: t.replace(
                "\tstruct torture_random_state rand;", "\tunsigned long rand;", 1)),
            ("context size lost", lambda t: t.replace(
                "\t.ctx_size = sizeof(struct shuffle_thread_ctx),\n", "", 1)),
        ])


class TortureNaming(unittest.TestCase):
    """sites.uses() (the engine's old-name check and gate 5) skips a thread function's name
    only as the first argument of torture.h's iterant creation macros and of
    torture_stop_kthread(), which paste and stringify it."""

    def lines(self, body: str):
        return sites.uses("int start(void)\n{\n" + body + "}\n", "reader_thread")

    def test_pasted_or_stringified_is_not_a_use(self):
        for call in ("torture_create_kthread_iterant(reader_thread, NULL, t);",
                     "torture_create_kthread_iterant_cb( reader_thread , NULL, t, cb);",
                     "torture_stop_kthread(reader_thread, t);"):
            with self.subTest(call):
                self.assertEqual(self.lines("\t" + call + "\n"), [])

    def test_other_places_are_uses(self):
        for call in ("torture_create_kthread(reader_thread, NULL, t);",
                     "torture_create_kthread_iterant(other, reader_thread, t);",
                     "torture_create_kthread_iterant(reader_thread + 1, NULL, t);",
                     "torture_stop_kthread_now(reader_thread, t);",
                     "my_torture_stop_kthread(reader_thread, t);"):
            with self.subTest(call):
                self.assertEqual(self.lines("\t" + call + "\n"), [3])


class ZeroDeclaration(unittest.TestCase):
    """Which declaration macros declare a zeroed struct (a zeroed context field)."""

    def kind(self, define: str):
        return state.zero_declaration(read_macros(define + "\n").get("M"))

    def test_zeroed(self):
        self.assertEqual(self.kind("#define M(name) struct s name = { 0, 0 }"), "struct s")
        self.assertEqual(self.kind("#define M(n) struct s n = { 0 }"), "struct s")
        self.assertEqual(self.kind("#define M(n) struct s n = {}"), "struct s")

    def test_not_zeroed(self):
        for define in ("#define M(name) struct s name = { 0, 1 }",
                       "#define M(name) struct s name = { 0, }",
                       "#define M(name) struct s name",
                       "#define M(name) struct s other = { 0 }",
                       "#define M(name, v) struct s name = { 0 }",
                       "#define M(name) int name = { 0 }",
                       "#define M struct s name = { 0 }"):
            with self.subTest(define):
                self.assertIsNone(self.kind(define))


CREATOR = """// SPDX-License-Identifier: GPL-2.0
#include <linux/kthread.h>
#include "pump.h"

int pump_start(struct pump *p)
{
	p->task = kthread_create(pump_thread, p, "pump%d", p->id);
	if (IS_ERR(p->task))
		return PTR_ERR(p->task);
	wake_up_process(p->task);
	return 0;
}

void pump_stop(struct pump *p)
{
	kthread_stop(p->task);
}
"""

HEADER = """/* SPDX-License-Identifier: GPL-2.0 */
struct pump {
	struct task_struct *task;
	int id;
};

int pump_thread(void *data);
"""

THREAD = """// SPDX-License-Identifier: GPL-2.0
#include <linux/kthread.h>
#include <linux/delay.h>
#include "pump.h"

void pump_once(struct pump *p);

int pump_thread(void *data)
{
	struct pump *p = data;

	while (!kthread_should_stop()) {
		pump_once(p);
		msleep(10);
	}
	return 0;
}
"""


class CrossFile(unittest.TestCase):
    def test_creation_site_and_prototype_in_other_files(self):
        with tempfile.TemporaryDirectory() as tmp:
            files = []
            for name, text in (("pump_core.c", CREATOR), ("pump.h", HEADER),
                               ("pump_thread.c", THREAD)):
                (Path(tmp) / name).write_text(text)
                files.append(Path(tmp) / name)
            with file_tree(files) as (tree, inventory):
                conv = converted(tree, inventory, "pump_thread")
                self.assertIs(conv.outcome, Outcome.CONVERTED, conv.reason)
                self.assertEqual(conv.files, ("pump.h", "pump_core.c", "pump_thread.c"))
                texts = apply(tree, conv)
                self.assertIn("extern const struct kthread_iterant pump_thread_kti;",
                              texts["pump.h"])
                self.assertIn("kthread_iterant_create(&pump_thread_kti, p, \"pump%d\", p->id)",
                              texts["pump_core.c"])
                self.assertIn("\nconst struct kthread_iterant pump_thread_kti = {",
                              texts["pump_thread.c"])
                self.assertIn("static void pump_thread_func(void *data)",
                              texts["pump_thread.c"])
                self.assertEqual(len(conv.spatch_commands), 3)
                self.assertTrue(all("-D tfn=pump_thread -D kti=pump_thread_kti" in c
                                    for c in conv.spatch_commands))
                self.assertTrue(round_trip(tree, conv).ok)


TWO_THREADS = """\
#include <linux/kthread.h>
#include <linux/sched.h>

struct pair {
	struct task_struct *rx, *tx;
};

static void rx_once(struct pair *p);
static void tx_once(struct pair *p);
static int tx_thread(void *data);

static int rx_thread(void *data)
{
	struct pair *p = data;

	while (!kthread_should_stop()) {
		rx_once(p);
		schedule_timeout_interruptible(HZ);
	}

	return 0;
}

int pair_start(struct pair *p)
{
	p->rx = kthread_run(rx_thread, p, "rx");
	p->tx = kthread_run(tx_thread, p, "tx");
	return 0;
}

static int tx_thread(void *data)
{
	struct pair *p = data;

	set_freezable();
	while (!kthread_should_stop()) {
		try_to_freeze();
		tx_once(p);
		schedule_timeout_interruptible(HZ);
	}

	return 0;
}
"""


class SharedFile(unittest.TestCase):
    """Two thread functions of one file: one unit, one patch made on both (issue 10: one
    commit per file where several share it), and each folds back to its own original."""

    def test_one_unit_for_the_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "pair.c").write_text(TWO_THREADS)
            with file_tree([Path(tmp) / "pair.c"]) as (tree, inventory):
                convs = plan_tree(tree, inventory)
                self.assertEqual([c.thread_functions for c in convs],
                                 [("pair.c:rx_thread:12", "pair.c:tx_thread:31")])
                conv = convs[0]
                self.assertIs(conv.outcome, Outcome.CONVERTED, conv.reason)
                self.assertEqual(conv.files, ("pair.c",))
                text = apply(tree, conv)["pair.c"]
                for wanted in ("static const struct kthread_iterant tx_thread_kti;\n",
                               "p->rx = kthread_iterant_run(&rx_thread_kti, p, \"rx\");",
                               "p->tx = kthread_iterant_run(&tx_thread_kti, p, \"tx\");",
                               "static void rx_thread_func(void *data)\n",
                               "static void tx_thread_func(void *data)\n",
                               "\t.type = KTI_NONFREEZABLE,\n"):
                    self.assertIn(wanted, text)
                self.assertEqual(text.count(".type = KTI_NONFREEZABLE"), 1)
                self.assertNotIn("set_freezable", text)
                self.assertEqual([(tf.split(":")[1], f["freezable_before"]) for tf, f in conv.facts["members"].items()], [("rx_thread", False), ("tx_thread", True)])
                self.assertTrue(round_trip(tree, conv).ok, round_trip(tree, conv).detail)
                bad = corrupt(tree, conv, lambda t: t.replace("\ttx_once(p);\n", "", 1))
                self.assertFalse(round_trip(tree, bad).ok)


DBG_HEADER = """\
/* SPDX-License-Identifier: GPL-2.0 */
#include <linux/printk.h>

#define mon_dbg(what) pr_debug("%s: %s\\n", m->name, what)
"""

DBG_HEADER_IFDEF = """\
/* SPDX-License-Identifier: GPL-2.0 */
#include <linux/printk.h>

#ifdef MON_DEBUG
#define mon_dbg(what) pr_debug("%s: %s\\n", m->name, what)
#else
#define mon_dbg(what) do { } while (0)
#endif
"""



def header_macro_thread() -> str:
    """Fixture macro_names_local.c with its macro taken from mon.h."""
    text = (FIXTURES / "macro_names_local.c").read_text()
    define = '#define mon_dbg(what) pr_debug("%s: %s\\n", m->name, what)\n'
    assert define in text
    return text.replace(define, '#include "mon.h"\n')


class MacroOfHeader(unittest.TestCase):
    """A macro of a header the file includes with quotes names a local: destroy, which
    only uses the macro, declares the local too; when an #if branch defines the macro
    without it, that declaration would be unused there: refused."""

    def convert(self, header: str):
        with tempfile.TemporaryDirectory() as tmp:
            files = []
            for name, text in (("mon.h", header), ("mon.c", header_macro_thread())):
                (Path(tmp) / name).write_text(text)
                files.append(Path(tmp) / name)
            with file_tree(files) as (tree, inventory):
                conv = converted(tree, inventory, "mon_thread")
                text = apply(tree, conv)["mon.c"] if conv.files else ""
                return conv, text, conv.files and round_trip(tree, conv)

    def test_local_repeated_for_the_macro(self):
        conv, text, trip = self.convert(DBG_HEADER)
        self.assertIs(conv.outcome, Outcome.CONVERTED, conv.reason)
        self.assertIn("static void mon_thread_destroy(void *data)\n{\n"
                      "\tstruct mon *m = data;\n\n\tmon_dbg(\"stopped\");\n}\n", text)
        self.assertTrue(trip.ok, trip.detail)

    def test_macro_without_the_local_in_one_branch(self):
        conv, _, _ = self.convert(DBG_HEADER_IFDEF)
        self.assertIs(conv.outcome, Outcome.REFUSED)
        self.assertEqual(conv.reason_kind, "MACRO_LOCAL")
        self.assertEqual(conv.reason, "a macro names a local that the callbacks cannot give "
                         "it: 'm' is used in init only by mon_dbg, which not every "
                         "definition names it in")


class RotatedMacro(unittest.TestCase):
    """Fixture refuse_rotated_body_local.c with the rotated statements' use of the
    loop-body local `busy` only inside a macro: refused the same."""

    def test_loop_body_local_named_by_a_macro(self):
        text = (FIXTURES / "refuse_rotated_body_local.c").read_text()
        direct = "\t\tbusy = p->pending;\n\t\tif (!busy)\n\t\t\tschedule();\n"
        assert direct in text
        text = text.replace(direct, "\t\tWAIT_IDLE(p);\n").replace(
            "struct poller {", "#define WAIT_IDLE(p) \\\n"
            "\tdo { busy = (p)->pending; if (!busy) schedule(); } while (0)\n\n"
            "struct poller {")
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "poller.c").write_text(text)
            with file_tree([Path(tmp) / "poller.c"]) as (tree, inventory):
                conv = converted(tree, inventory, "poller_thread")
        self.assertIs(conv.outcome, Outcome.REFUSED)
        self.assertEqual(conv.reason, "stop check is not at the top of the infinite loop: "
                         "'busy', declared in the loop body, is used before the stop check")


class MacroNames(unittest.TestCase):
    """What a macro body names: not its parameters (a named variadic one too), members,
    struct tags or what it declares itself; `always` only what every definition names."""

    def test_names_of_bodies(self):
        names = macrouse.MacroNames()
        for macro in ctext.every_macro(
                "#define dbg(fmt, arg...) printk(fmt, dev->name, arg)\n"
                "#define pop(h) ({ struct mbo *m = first(h, struct mbo, list); m; })\n"
                "#define TRACE(n) do { trace_ptr[n] = 1; } while (0)\n"
                "#define TRACE(n) do { } while (0)\n"
                "#define INIT(s) int *trace_ptr = (s)->trace\n"
                "#define BUMP() ticks++\n"):
            names.add(macro)
        self.assertEqual(names.named["dbg"], {"printk", "dev"})
        self.assertNotIn("mbo", names.named["pop"])
        self.assertNotIn("m", names.named["pop"])
        self.assertIn("trace_ptr", names.named["TRACE"])
        self.assertNotIn("trace_ptr", names.always["TRACE"])
        self.assertEqual(names.declared["INIT"], {"trace_ptr"})
        self.assertEqual(names.written["BUMP"], {"ticks"})


class PatchText(unittest.TestCase):
    """The engine's diff is git's (as format-patch mails it), not difflib's: checkpatch
    must read the added lines a maintainer receives."""

    def test_hunks_as_git_makes_them(self):
        # Myers keeps the first "c" and deletes the second; difflib deleted the first.
        self.assertEqual(patchmod.unified("f.c", "c\nc\nb\na\n", "c\nb\na\nc\n"),
                         "diff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n"
                         "@@ -1,4 +1,4 @@\n c\n-c\n b\n a\n+c\n")

    def test_form_feed_and_latin1_kept(self):
        self.assertEqual(patchmod.unified("f.c", "a\n\x0cb\xe9\n", "a\n\x0cc\n"),
                         "diff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n"
                         "@@ -1,2 +1,2 @@\n a\n-\x0cb\xe9\n+\x0cc\n")


class Refusals(unittest.TestCase):
    def test_refused_unit_is_empty(self):
        with file_tree([FIXTURES / "refuse_lock_across.c"]) as (tree, inventory):
            conv = converted(tree, inventory, "synth_thread")
            self.assertIs(conv.outcome, Outcome.REFUSED)
            self.assertEqual((conv.patch, conv.files), ("", ()))
            self.assertEqual(conv.reason_kind, "LOCK_ACROSS")

    def test_candidate_counts(self):
        with file_tree([FIXTURES / "while_simple.c"]) as (tree, inventory):
            conv = converted(tree, inventory, "pump_thread")
            self.assertTrue(conv.facts["candidate"])
            self.assertEqual(conv.facts["flags"], ["KTI_NONFREEZABLE"])
            self.assertFalse(conv.facts["freezable_before"])
            self.assertTrue(re.search(r"spatch --sp-file cocci/kthread_iterant_create.cocci "
                                      r"-D patch -D tfn=pump_thread", conv.spatch_commands[0]))


    def test_init_order(self):
        """Hoisting a context field's initializer after later declarations must keep the
        order of calls: refused when both call out, converted when the field's value only
        reads a local whose address is never taken (kcompactd's timeout)."""
        text = (FIXTURES / "refuse_init_order.c").read_text()
        cases = {
            "calls": ("int a = 5;\n\tint b = a + 1;", "int a = next();\n\tint b = next();",
                      Outcome.REFUSED),
            "private": ("int a = 5;\n\tint b = a + 1;", "int b = 4;\n\tint a = b;\n"
                        "\tint c = next();", Outcome.CONVERTED),
            "address taken": ("int a = 5;\n\tint b = a + 1;",
                              "int b = 4;\n\tint a = b;\n\tint c = next(&b);",
                              Outcome.REFUSED),
        }
        for what, (old, new, outcome) in cases.items():
            with self.subTest(what), tempfile.TemporaryDirectory() as tmp:
                source = text.replace(old, new).replace(
                    "static void use(int v);", "static void use(int v);\nint next();")
                source = source.replace("\tuse(b);\n", "\tuse(b);\n\tuse(c);\n") \
                    if "int c" in new else source
                path = Path(tmp) / "init_order.c"
                path.write_text(source)
                with file_tree([path]) as (tree, inventory):
                    conv = converted(tree, inventory, "dev_thread")
                self.assertIs(conv.outcome, outcome, conv.reason)

    def test_task_state_across_a_parking_checkpoint(self):
        """A kthread that parks in its loop would park in the core's checkpoint with the
        task state set, which parking overwrites: refused, unlike task_state_across.c."""
        text = (FIXTURES / "task_state_across.c").read_text()
        parks = text.replace("\t\tschedule();\n",
                             "\t\tif (kthread_should_park())\n\t\t\tkthread_parkme();\n"
                             "\t\tschedule();\n", 1)
        self.assertNotEqual(parks, text)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "task_state_parks.c"
            path.write_text(parks)
            with file_tree([path]) as (tree, inventory):
                conv = converted(tree, inventory, "rx_thread")
        self.assertIs(conv.outcome, Outcome.REFUSED)
        self.assertEqual(conv.reason_kind, "TASK_STATE")

    def test_task_state_across_is_named(self):
        with file_tree([FIXTURES / "task_state_across.c"]) as (tree, inventory):
            conv = converted(tree, inventory, "rx_thread")
        self.assertIs(conv.outcome, Outcome.CONVERTED)
        self.assertIn("task-state-across-checkpoint", conv.facts["risk_flags"])
        self.assertTrue(any("cond_resched()" in c for c in conv.facts["behaviour_changes"]))


class Cli(unittest.TestCase):
    def test_out_folder_and_bad_input(self):
        import json
        import subprocess
        cli = str(Path(__file__).resolve().parent.parent / "scripts" / "kti-convert")
        with file_tree([FIXTURES / "while_simple.c", FIXTURES / "refuse_signals.c"]) as \
                (tree, inventory):
            inv = tree.parent / (tree.name + "-inventory.json")
            inv.write_text(json.dumps(inventory))
            with tempfile.TemporaryDirectory() as out:
                proc = subprocess.run([cli, "--tree", str(tree), "--inventory", str(inv),
                                       "--out", out, "--no-parse-check", "."],
                                      capture_output=True, text=True, timeout=600)
                self.assertEqual(proc.returncode, 0, proc.stderr)
                self.assertIn("REFUSED refuse_signals.c:dev_thread:16: handles signals by hand",
                              proc.stderr)
                patches = sorted(p.name for p in Path(out).glob("*.patch"))
                self.assertEqual(patches, ["0001-while_simple.c-pump_thread-18.patch"])
                rows = json.loads((Path(out) / "conversions.json").read_text())
                self.assertEqual(sorted((r["unit_id"], r["outcome"]) for r in rows),
                                 [("refuse_signals.c:dev_thread:16", "refused"),
                                  ("while_simple.c:pump_thread:18", "converted")])
            inv.unlink()
            proc = subprocess.run([cli, "--tree", str(tree), "nosuch.c"], capture_output=True,
                                  text=True, timeout=600)
            self.assertEqual(proc.returncode, 2)
            self.assertIn("nosuch.c is not in the tree", proc.stderr)

    def test_out_never_replaces_files_it_did_not_write(self):
        """--out in the tree, or over a foreign conversions.json or NNNN-*.patch: exit 2,
        nothing written, the foreign files byte for byte as they were; its own output of
        an earlier run is replaced."""
        import json
        import subprocess
        cli = str(Path(__file__).resolve().parent.parent / "scripts" / "kti-convert")
        with file_tree([FIXTURES / "while_simple.c"]) as (tree, inventory):
            inv = tree.parent / (tree.name + "-inventory.json")
            inv.write_text(json.dumps(inventory))
            run = [cli, "--tree", str(tree), "--inventory", str(inv), "--no-parse-check", "."]
            try:
                proc = subprocess.run(run + ["--out", str(tree)], capture_output=True,
                                      text=True, timeout=600)
                self.assertEqual(proc.returncode, 2)
                self.assertIn("is the kernel tree", proc.stderr)
                self.assertEqual(sorted(p.name for p in tree.iterdir()),
                                 [".git", "while_simple.c"])
                for name, text in (("conversions.json", '{"mine": 1}\n'),
                                   ("0001-notes.patch", "From me: my own notes\n")):
                    with tempfile.TemporaryDirectory() as out:
                        (Path(out) / name).write_text(text)
                        proc = subprocess.run(run + ["--out", out], capture_output=True,
                                              text=True, timeout=600)
                        self.assertEqual(proc.returncode, 2, name)
                        self.assertIn("holds '%s', which kti-convert did not write" % name,
                                      proc.stderr)
                        self.assertEqual([p.name for p in Path(out).iterdir()], [name])
                        self.assertEqual((Path(out) / name).read_text(), text)
                with tempfile.TemporaryDirectory() as out:
                    for _ in range(2):
                        proc = subprocess.run(run + ["--out", out], capture_output=True,
                                              text=True, timeout=600)
                        self.assertEqual(proc.returncode, 0, proc.stderr)
            finally:
                inv.unlink()

    def test_thread_by_file_and_function(self):
        import subprocess
        cli = str(Path(__file__).resolve().parent.parent / "scripts" / "kti-convert")
        with file_tree([FIXTURES / "while_simple.c"]) as (tree, _):
            def run(thread):
                return subprocess.run([cli, "--tree", str(tree), "--no-parse-check",
                                       "--thread", thread], capture_output=True, text=True,
                                      timeout=600)
            proc = run("while_simple.c:pump_thread")
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertIn("+static void pump_thread_func(void *data)", proc.stdout)
            proc = run("while_simple.c:no_such_thread")
            self.assertEqual(proc.returncode, 2)
            self.assertIn("no thread function while_simple.c:no_such_thread in the inventory",
                          proc.stderr)
            self.assertEqual(proc.stdout, "")

if __name__ == "__main__":
    unittest.main()
