# SPDX-License-Identifier: GPL-2.0
"""kti.detect without spatch: classification, exits, locals and loop positions.

The golden fixtures run the same code through the .cocci; these tests call it directly on
small sources, with expectations counted by hand from them.
"""
import os
import tempfile
import textwrap
import unittest

from kti.detect.classify import Helpers, classify, stop_loop_helper
from kti.detect.exits import loop_exits
from kti.detect.locals import ADDRESS, READ, READ_WRITE, WRITE, locals_before
from kti.detect.session import Session, Where
from kti.detect.source import SourceFile

WORKER = textwrap.dedent("""\
    static int worker(void *data)
    {
    	struct ctx *c = data;
    	unsigned int rounds = 0;
    	bool frozen;

    	set_freezable();
    	while (!kthread_should_stop()) {
    		if (kthread_freezable_should_stop(&frozen))
    			break;
    		if (c->dead)
    			return -EIO;
    		rounds++;
    		wait_event_freezable(c->wq, c->todo);
    	}
    	pr_info("%u\\n", rounds);
    	return 0;
    }
    """)


def body(text: str, name: str):
    source = SourceFile("t.c", text)
    span = [s for s in source.spans if s.name == name][0]
    return source.body(span.name_offset)


class ClassifyTest(unittest.TestCase):
    def setUp(self):
        self.fn = body(WORKER, "worker")
        self.loop = self.fn.loops()[0][0]

    def test_facts(self):
        facts = classify(self.fn, Helpers(), svc=False)
        self.assertEqual((facts["loop"], facts["loop_line"], facts["verdict"]),
                         ("while-not-should-stop", 8, "care"))
        self.assertEqual(facts["exit"], ["return"])
        self.assertEqual(facts["persistent_locals"], ["c", "rounds"])
        self.assertEqual(facts["freezer"], ["set_freezable", "kthread_freezable_should_stop",
                                            "wait_event_freezable"])
        self.assertEqual(facts["reasons"], ["returns from inside the loop",
                                            "keeps 'rounds' across iterations"])
        self.assertTrue(facts["checkpoints"])

    def test_exits_guarded_by_a_stop_check(self):
        found = [(e.node.what, self.fn.tokens[e.node.start].line, e.stop_exit)
                 for e in loop_exits(self.fn, self.loop)]
        self.assertEqual(found, [("break", 10, True), ("return", 12, False)])

    def test_locals_and_their_uses(self):
        uses = {local.name: [(self.fn.tokens[at].line, access) for at, access in local.uses]
                for local in locals_before(self.fn, self.loop)}
        self.assertEqual(uses, {"c": [(3, WRITE), (11, READ), (14, READ), (14, READ)],
                                "rounds": [(4, WRITE), (13, READ_WRITE), (16, READ)],
                                "frozen": [(9, ADDRESS)]})

    def test_loop_positions(self):
        where = classify(self.fn, Helpers(), svc=False)["main_loop"]
        self.assertEqual(where["extent"]["start"][:2], [8, 1])
        self.assertEqual(where["body"], {"open": [8, 32, WORKER.index("{\n\t\tif (k")],
                                         "close": [15, 1, WORKER.index("}\n\tpr_info")]})
        self.assertEqual([(j["what"], j["extent"]["start"][:2], j["leaves"], j["stop_exit"])
                          for j in where["jumps"]],
                         [("break", [10, 3], True, True), ("return", [12, 3], True, False)])
        self.assertEqual([(c["name"], c["kinds"], c["at"][:2]) for c in where["checkpoints"]],
                         [("kthread_should_stop", ["stop"], [8, 9]),
                          ("kthread_freezable_should_stop", ["stop", "freezer"], [9, 6]),
                          ("wait_event_freezable", ["freezer"], [14, 2])])
        self.assertEqual([d["names"] for d in where["declarations"]],
                         [["c"], ["rounds"], ["frozen"]])
        offset = where["extent"]["start"][2]
        self.assertEqual(WORKER[offset:offset + 5], "while")

    def test_helpers_change_the_answer(self):
        text = ("static int t(void *d)\n{\n\tdo {\n\t\twork();\n\t} while (!must_stop());\n"
                "\tstopping();\n\treturn 0;\n}\n")
        fn = body(text, "t")
        self.assertEqual(classify(fn, Helpers(), svc=False)["loop"], "one-shot")
        facts = classify(fn, Helpers(frozenset({"must_stop"}), {"stopping": True}), svc=False)
        self.assertEqual((facts["loop"], facts["stop_predicate"], facts["reasons"]),
                         ("stop-in-helper", "must_stop",
                          ["stops through helper 'must_stop'",
                           "waits for kthread_stop() after the loop"]))

    def test_stop_loop_helper_waits_or_works(self):
        waits = body("void w(void)\n{\n\twhile (!kthread_should_stop())\n\t\tschedule();\n}\n",
                     "w")
        works = body("void w(void)\n{\n\twhile (!kthread_should_stop())\n\t\tpoll();\n}\n", "w")
        none = body("void w(void)\n{\n\tpoll();\n}\n", "w")
        self.assertEqual([stop_loop_helper(f) for f in (waits, works, none)], [True, False, None])


class TempCFile:
    """A temporary C file (the Session reads files by path, as spatch names them)."""

    def __init__(self, text: str):
        self.handle = tempfile.NamedTemporaryFile("w", suffix=".c", delete=False)
        self.handle.write(text)
        self.handle.close()

    def __enter__(self) -> str:
        return self.handle.name

    def __exit__(self, *exc) -> None:
        os.unlink(self.handle.name)


class SessionTest(unittest.TestCase):
    """The state the .cocci's script rules fill, with positions made by hand."""

    def test_facts_and_report_of_one_file(self):
        with TempCFile(WORKER + "\nvoid go(void)\n{\n\tkthread_run(worker, NULL, \"w\");\n}\n"
                        ) as path:
            session = Session()
            session.add_threadfn(Where(path, "1", "11", "17"), "worker")
            session.add_static(Where(path, "1", "11", "17"))
            session.add_call(Where(path, "22", "1", "12", "go"), "kthread_run",
                             ["worker", "NULL", '"w"'])
            facts, reports = session.results()
        kinds = [f["kind"] for _, f in facts]
        self.assertEqual(kinds, ["threadfn", "create"])
        threadfn = facts[0][1]
        self.assertEqual((threadfn["static"], threadfn["used_in_file"], threadfn["verdict"]),
                         (True, True, "care"))
        self.assertEqual(facts[1][1]["arg"], "worker")
        self.assertEqual([m for _, m in reports],
                         ["kthread thread function worker: while-not-should-stop, care: "
                          "returns from inside the loop; keeps 'rounds' across iterations"])

    def test_svc_create_of_another_arity_is_another_function(self):
        with TempCFile("void f(void)\n{\n\tsvc_create(net, sock, 0, kern);\n}\n") as path:
            session = Session()
            session.add_call(Where(path, "3", "1", "11", "f"), "svc_create",
                             ["net", "sock", "0", "kern"])
            self.assertEqual(session.results(), ([], []))


if __name__ == "__main__":
    unittest.main()
