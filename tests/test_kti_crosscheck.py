# SPDX-License-Identifier: GPL-2.0
"""Independent grep cross-check: every difference gets an explanation."""
import unittest

from tests import kti_support as ks
from kti.crosscheck import cross_check
from kti.model import CreationSite
from kti.spatch import FileResult

X_C = """\
/* kthread_run(in_comment, NULL, "c") is not a call */
static const char *s = "kthread_run(in_string)";
struct task_struct *kthread_create_on_node(int (*fn)(void *), void *d, int node, const char *n);
#define START(f) kthread_run(f, NULL, #f)
void f(void)
{
#if 0
	kthread_run(dead, NULL, "d");
#endif
	kthread_run(real, NULL, "r");
	kthread_run(missed, NULL, "m");
	t = kthread_run
		(split, NULL, "s");
}
"""
KTHREAD_C = """\
struct task_struct *kthread_create_on_node(int (*threadfn)(void *data), void *data,
					   int node, const char namefmt[], ...)
{
	return NULL;
}

struct task_struct *kthread_create_on_cpu(int (*threadfn)(void *data), void *data,
					  unsigned int cpu, const char *namefmt)
{
	return kthread_create_on_node(threadfn, data, cpu_to_node(cpu), namefmt);
}
"""
BROKEN_C = "void g(void)\n{\n\tkthread_run(lost, NULL, \"l\");\n}\n"
CLASH_C = """\
static int svc_create(struct net *net, int protocol)
{
	return 0;
}

static int accept(struct net *net)
{
	return svc_create(net, 0);
}
"""


def site(path: str, line: int) -> CreationSite:
    return CreationSite(id=f"{path}:{line}:1", file=path, line=line, col=1, end_col=12,
                        creator="kthread_run", arg="x", arg_kind="function", in_function="f",
                        thread_kind="kthread", subsystem="")


class CrossCheckTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = ks.TempDir()
        tree = ks.git_tree(cls.tmp.path / "t", {"drivers/x.c": X_C,
                                                "kernel/kthread.c": KTHREAD_C,
                                                "drivers/broken.c": BROKEN_C,
                                                "net/atm/svc.c": CLASH_C})
        results = {"drivers/x.c": FileResult("drivers/x.c"),
                   "kernel/kthread.c": FileResult("kernel/kthread.c"),
                   "drivers/broken.c": FileResult("drivers/broken.c", "crashed",
                                                  message="spatch exit 1"),
                   "net/atm/svc.c": FileResult("net/atm/svc.c")}
        internal = [{"file": "kernel/kthread.c", "line": 10}]
        cls.check = cross_check(tree, [site("drivers/x.c", 10), site("drivers/x.c", 12)],
                                internal, results, None)
        cls.why = {(d.file, d.line, d.seen_by): d.explanation for d in cls.check.differences}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.__exit__()

    def test_counts(self):
        # x.c: comment, string, prototype, macro, #if 0, real, missed = 7 grep hits;
        # kthread.c: 2 definitions + 1 internal call; broken.c: 1; atm svc.c: 2.
        self.assertEqual(self.check.grep_hits, 13)
        self.assertEqual(self.check.api_definitions, 3)
        self.assertEqual(self.check.matched, 1)
        self.assertEqual(len(self.check.differences), 10)

    def test_each_difference_is_explained(self):
        self.assertEqual(self.why[("drivers/x.c", 1, "grep")], "in a comment")
        self.assertEqual(self.why[("drivers/x.c", 2, "grep")], "in a string literal")
        self.assertEqual(self.why[("drivers/x.c", 3, "grep")],
                         "declaration or definition, not a call")
        self.assertTrue(self.why[("drivers/x.c", 4, "grep")].startswith(
            "inside a macro definition"))
        self.assertTrue(self.why[("drivers/x.c", 8, "grep")].startswith("in #if 0 code"))
        self.assertTrue(self.why[("drivers/x.c", 11, "grep")].startswith("unexplained"))
        self.assertTrue(self.why[("drivers/x.c", 12, "spatch")].startswith(
            "call split across lines"))
        self.assertTrue(self.why[("drivers/broken.c", 3, "grep")].startswith(
            "spatch failed on this file: crashed"))
        self.assertEqual(self.why[("net/atm/svc.c", 1, "grep")],
                         "declaration or definition, not a call")
        self.assertIn("name clash", self.why[("net/atm/svc.c", 8, "grep")])


if __name__ == "__main__":
    unittest.main()
