# SPDX-License-Identifier: GPL-2.0
"""Resolver: same-file and cross-file ties, wrappers (nested too), second phase, reasons."""
import unittest
from typing import Dict, List

from tests import kti_support as ks
from kti.maintainers import Maintainers
from kti.resolve import Resolver
from kti.spatch import FileResult

FILES = {
    "lib/worker.c": """\
int start_worker(int (*fn)(void *), void *data, const char *name)
{
	kthread_run(fn, data, "%s", name);
	return 0;
}

static int local_thread(void *d)
{
	return 0;
}

void local_user(void)
{
	start_worker(local_thread, NULL, "l");
}
""",
    "drivers/a/a.c": """\
static int a_thread(void *d)
{
	return 0;
}

void a_init(void)
{
	start_worker(a_thread, NULL, "a");
}

void a_more(struct x *x)
{
	start_worker(x->fn, x, "b");
}

int relay(int (*f)(void *))
{
	return start_worker(f, NULL, "r");
}
""",
    "drivers/b/b.c": """\
static int b_thread(void *d)
{
	return 0;
}

void b_init(void)
{
	relay(b_thread);
}
""",
    "drivers/c/c.c": """\
void c_init(struct y *y)
{
	kthread_run(far_thread, NULL, "far");
	kthread_run(hidden_thread, NULL, "hidden");
	kthread_run(y->threadfn, y, "field");
	kthread_run(nowhere_thread, NULL, "nowhere");
}
""",
    "drivers/d/far.c": """\
int far_thread(void *d)
{
	return 0;
}
""",
    "drivers/e/e.c": """\
static int hidden_thread(void *d)
{
	return 0;
}
""",
    "drivers/f/f.h": """\
#define start_it(fn, d) \\
	kthread_run(fn, d, "it")
""",
    "drivers/f/f.c": """\
static int f_thread(void *d)
{
	return 0;
}

void f_init(void)
{
	start_it(f_thread, NULL);
}
""",
    "drivers/g/g.c": """\
static int g_one(void *d)
{
	return 0;
}

static int g_two(void *d)
{
	return 0;
}

void g_init(int which)
{
	int (*fn)(void *data) = NULL;

	if (which)
		fn = g_one;
	else
		fn = &g_two;
	kthread_run(fn, NULL, "g");
}
""",
    "include/h/tw.h": """\
static inline int tw_start(int (*fn)(void *), void *d)
{
	return kthread_run(fn, d, "tw");
}
#define TW_START(f) tw_start(f, NULL)
""",
    "drivers/h/h.c": """\
static int h_thread(void *d)
{
	return 0;
}

void h_init(void)
{
	TW_START(h_thread);
}
""",
    "drivers/i/i.c": """\
#ifdef CONFIG_I
static int i_thread(void *d)
{
	while (!kthread_should_stop())
		i_work();
	return 0;
}
#else
static int i_thread(void *d)
{
	return 0;
}
#endif

void i_init(void)
{
	kthread_run(i_thread, NULL, "i");
}
""",
    "drivers/j/j.c": """\
struct task_struct *j_start(void *fn, void *data)
{
	return kthread_run(fn, data, "j");
}
""",
    "drivers/k/k.c": """\
static int k_thread(void *d)
{
	return 0;
}

void k_init(void)
{
	j_start(k_thread, NULL);
}
""",
    "kernel/kthread.c": """\
struct task_struct *kthread_create_on_cpu(int (*threadfn)(void *data), void *data,
					  unsigned int cpu, const char *namefmt)
{
	return kthread_create_on_node(threadfn, data, cpu_to_node(cpu), namefmt);
}
""",
}


def threadfn(line: int, name: str, static: bool = True) -> dict:
    return {"kind": "threadfn", "line": line, "col": 11, "end_col": 11 + len(name),
            "name": name, "static": static, "verdict": "auto", "reasons": [],
            "loop": "one-shot", "freezer": [], "parking": [], "signals": [], "sleep": [],
            "exit": [], "persistent_locals": []}


def create(line: int, arg: str, kind: str, in_function: str, index=None, via=None,
           creator="kthread_run") -> dict:
    return {"kind": "create", "line": line, "col": 1, "end_col": 12, "creator": creator,
            "via": via, "arg": arg, "arg_kind": kind, "param_index": index,
            "in_function": in_function, "thread_kind": "kthread"}


FACTS: Dict[str, List[dict]] = {
    "lib/worker.c": [create(3, "fn", "param", "start_worker", index=0),
                     threadfn(7, "local_thread"),
                     create(14, "local_thread", "function", "local_user", via="start_worker",
                            creator="start_worker")],
    "drivers/a/a.c": [threadfn(1, "a_thread")],
    "drivers/b/b.c": [threadfn(1, "b_thread")],
    "drivers/c/c.c": [create(3, "far_thread", "function", "c_init"),
                      create(4, "hidden_thread", "function", "c_init"),
                      create(5, "y->threadfn", "field", "c_init"),
                      create(6, "nowhere_thread", "function", "c_init")],
    "drivers/e/e.c": [threadfn(1, "hidden_thread")],
    "drivers/f/f.h": [create(2, "fn", "function", "something_else")],
    "drivers/f/f.c": [threadfn(1, "f_thread")],
    "include/h/tw.h": [create(3, "fn", "param", "tw_start", index=0)],
    "drivers/h/h.c": [threadfn(1, "h_thread")],
    "drivers/g/g.c": [threadfn(1, "g_one"), threadfn(6, "g_two"),
                      create(19, "fn", "function", "g_init")],
    "drivers/i/i.c": [threadfn(2, "i_thread"), threadfn(9, "i_thread"),
                      create(17, "i_thread", "function", "i_init")],
    "drivers/j/j.c": [create(3, "fn", "param", "j_start", index=0)],
    "drivers/k/k.c": [threadfn(1, "k_thread")],
    "kernel/kthread.c": [create(4, "threadfn", "param", "kthread_create_on_cpu", index=0,
                                creator="kthread_create_on_node")],
}
SECOND_PHASE = {"drivers/d/far.c": [threadfn(1, "far_thread", static=False)]}


class ResolveTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = ks.TempDir()
        cls.tree = ks.git_tree(cls.tmp.path / "tree", FILES)
        cls.scan_more_calls: List[List[str]] = []

        def scan_more(paths: List[str]) -> Dict[str, FileResult]:
            cls.scan_more_calls.append(paths)
            return {p: FileResult(p, facts=[dict(f) for f in SECOND_PHASE.get(p, [])])
                    for p in paths}

        results = {path: FileResult(path, facts=[dict(f) for f in facts])
                   for path, facts in FACTS.items()}
        cls.res = Resolver(cls.tree, results, scan_more, Maintainers([])).run()
        cls.sites = {s.id: s for s in cls.res.creation_sites}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.__exit__()

    def test_wrapper_site_ties_every_caller_across_files_and_nesting(self):
        site = self.sites["lib/worker.c:3:1"]
        self.assertEqual(site.wrapper, "start_worker")
        self.assertEqual(site.status, "resolved")
        self.assertEqual(site.thread_functions, ["drivers/a/a.c:a_thread:1",
                                                 "drivers/b/b.c:b_thread:1",
                                                 "lib/worker.c:local_thread:7"])

    def test_wrapper_calls_recorded_with_origin(self):
        calls = {c.id: c for c in self.res.wrapper_calls}
        self.assertEqual(calls["lib/worker.c:14:1"].found_by, "spatch")
        self.assertEqual(calls["drivers/a/a.c:8:1"].found_by, "text")
        self.assertEqual(calls["drivers/a/a.c:8:1"].thread_functions,
                         ["drivers/a/a.c:a_thread:1"])
        self.assertIn("structure field", calls["drivers/a/a.c:13:1"].reason)
        self.assertEqual(calls["drivers/b/b.c:8:1"].wrapper, "relay")

    def test_second_phase_scans_the_defining_file(self):
        self.assertEqual(self.scan_more_calls, [["drivers/d/far.c"]])
        self.assertEqual(self.res.second_phase_files, ["drivers/d/far.c"])
        self.assertEqual(self.sites["drivers/c/c.c:3:1"].thread_functions,
                         ["drivers/d/far.c:far_thread:1"])

    def test_unresolved_sites_say_why(self):
        self.assertIn("only defined static", self.sites["drivers/c/c.c:4:1"].reason)
        self.assertIn("structure field", self.sites["drivers/c/c.c:5:1"].reason)
        self.assertIn("no definition of 'int nowhere_thread(void *)'",
                      self.sites["drivers/c/c.c:6:1"].reason)
        for site in self.res.creation_sites:
            self.assertEqual(site.status == "unresolved", site.reason is not None, site.id)

    def test_creator_internals_are_not_sites(self):
        self.assertNotIn("kernel/kthread.c:4:1", self.sites)
        self.assertEqual(len(self.res.api_internal), 1)

    def test_every_tied_function_lists_how_it_is_created(self):
        for tfn in self.res.thread_functions:
            self.assertTrue(tfn.creation_sites or tfn.wrapper_calls, tfn.id)
        names = sorted(t.name for t in self.res.thread_functions)
        self.assertEqual(names, ["a_thread", "b_thread", "f_thread", "far_thread", "g_one",
                                 "g_two", "h_thread", "i_thread", "i_thread", "k_thread",
                                 "local_thread"])

    def test_header_inline_wrapper_used_through_a_macro(self):
        site = self.sites["include/h/tw.h:3:1"]
        self.assertEqual(site.thread_functions, ["drivers/h/h.c:h_thread:1"])
        calls = {c.id: c for c in self.res.wrapper_calls}
        self.assertEqual(calls["include/h/tw.h:5:20"].in_function, "#define TW_START")
        self.assertEqual(calls["drivers/h/h.c:8:1"].thread_functions,
                         ["drivers/h/h.c:h_thread:1"])

    def test_macro_wrapper(self):
        site = self.sites["drivers/f/f.h:2:1"]
        self.assertEqual((site.wrapper, site.in_function), ("start_it", "#define start_it"))
        self.assertEqual(site.thread_functions, ["drivers/f/f.c:f_thread:1"])

    def test_local_function_pointer_variable(self):
        self.assertEqual(self.sites["drivers/g/g.c:19:1"].thread_functions,
                         ["drivers/g/g.c:g_one:1", "drivers/g/g.c:g_two:6"])

    def test_both_definitions_under_ifdef_else_are_kept(self):
        self.assertEqual(self.sites["drivers/i/i.c:17:1"].thread_functions,
                         ["drivers/i/i.c:i_thread:2", "drivers/i/i.c:i_thread:9"])
        ids = [t.id for t in self.res.thread_functions if t.name == "i_thread"]
        self.assertEqual(ids, ["drivers/i/i.c:i_thread:2", "drivers/i/i.c:i_thread:9"])

    def test_wrapper_with_a_void_pointer_parameter(self):
        self.assertEqual(self.sites["drivers/j/j.c:3:1"].thread_functions,
                         ["drivers/k/k.c:k_thread:1"])


if __name__ == "__main__":
    unittest.main()
