# SPDX-License-Identifier: GPL-2.0
"""Creator argument positions from the tree's own declarations, Linux 5.10 to 6.12.

The header snippets below are written for these tests after the declarations of
include/linux/kthread.h and include/linux/sunrpc/svc.h in each release: svc_create() and
svc_create_pooled() took a struct svc_serv_ops (whose svo_function is the thread function)
until 5.17, a thread function as third argument from 5.18 (so in 6.1 and 6.6),
svc_create_pooled() gained a struct svc_stat in 6.10 and a program count in 6.11;
kthread_run_on_cpu() appeared in 5.16.
"""
import json
import os
import subprocess
import unittest
from typing import Dict, List

from kti import creators
from tests import kti_support as ks

KTHREAD_H_5_10 = """\
__printf(4, 5)
struct task_struct *kthread_create_on_node(int (*threadfn)(void *data),
					   void *data,
					   int node,
					   const char namefmt[], ...);

#define kthread_create(threadfn, data, namefmt, arg...) \\
	kthread_create_on_node(threadfn, data, NUMA_NO_NODE, namefmt, ##arg)


struct task_struct *kthread_create_on_cpu(int (*threadfn)(void *data),
					  void *data,
					  unsigned int cpu,
					  const char *namefmt);

#define kthread_run(threadfn, data, namefmt, ...)			   \\
({									   \\
	struct task_struct *__k						   \\
		= kthread_create(threadfn, data, namefmt, ## __VA_ARGS__); \\
	if (!IS_ERR(__k))						   \\
		wake_up_process(__k);					   \\
	__k;								   \\
})
"""

KTHREAD_H_6_1 = KTHREAD_H_5_10 + """
static inline struct task_struct *
kthread_run_on_cpu(int (*threadfn)(void *data), void *data,
			unsigned int cpu, const char *namefmt)
{
	struct task_struct *p;

	p = kthread_create_on_cpu(threadfn, data, cpu, namefmt);
	if (!IS_ERR(p))
		wake_up_process(p);

	return p;
}
"""

SVC_H_5_10 = """\
struct svc_serv_ops {
	void		(*svo_shutdown)(struct svc_serv *, struct net *);
	int		(*svo_function)(void *);
	struct module	*svo_module;
};

struct svc_serv *svc_create(struct svc_program *, unsigned int,
			    const struct svc_serv_ops *);
void		   svc_exit_thread(struct svc_rqst *);
struct svc_serv *  svc_create_pooled(struct svc_program *, unsigned int,
			const struct svc_serv_ops *);
"""

SVC_H_6_1 = """\
struct svc_serv *svc_create(struct svc_program *, unsigned int,
			    int (*threadfn)(void *data));
void		   svc_exit_thread(struct svc_rqst *);
struct svc_serv *  svc_create_pooled(struct svc_program *, unsigned int,
				     int (*threadfn)(void *data));
"""

SVC_H_6_10 = """\
struct svc_serv *svc_create(struct svc_program *, unsigned int,
			    int (*threadfn)(void *data));
struct svc_serv *  svc_create_pooled(struct svc_program *prog,
				     struct svc_stat *stats,
				     unsigned int bufsize,
				     int (*threadfn)(void *data));
"""

SVC_H_6_12 = """\
struct svc_serv *svc_create(struct svc_program *, unsigned int,
			    int (*threadfn)(void *data));
struct svc_serv *  svc_create_pooled(struct svc_program *prog,
				     unsigned int nprog,
				     struct svc_stat *stats,
				     unsigned int bufsize,
				     int (*threadfn)(void *data));
"""

TREES = {
    "5.10": {creators.KTHREAD_H: KTHREAD_H_5_10, creators.SVC_H: SVC_H_5_10},
    "6.1": {creators.KTHREAD_H: KTHREAD_H_6_1, creators.SVC_H: SVC_H_6_1},
    "6.10": {creators.KTHREAD_H: KTHREAD_H_6_1, creators.SVC_H: SVC_H_6_10},
    "6.12": {creators.KTHREAD_H: KTHREAD_H_6_1, creators.SVC_H: SVC_H_6_12},
}

#: (threadfn index, arity) by creator, read from the snippets above.
EXPECTED = {
    "5.10": {"kthread_create_on_node": (0, None), "kthread_create": (0, None),
             "kthread_create_on_cpu": (0, 4), "kthread_run": (0, None),
             "svc_create": (None, 3), "svc_create_pooled": (None, 3)},
    "6.1": {"kthread_run_on_cpu": (0, 4), "svc_create": (2, 3),
            "svc_create_pooled": (2, 3)},
    "6.10": {"svc_create_pooled": (3, 4)},
    "6.12": {"svc_create": (2, 3), "svc_create_pooled": (4, 5)},
}

#: A file calling the svc creators the way each release's nfsd and lockd did.
NFSD_C = {
    "5.10": ("static int nfsd(void *vrqstp) { return 0; }\n"
             "int nfsd_create_serv(void)\n{\n"
             "\tnfsd_serv = svc_create_pooled(&nfsd_program, nfsd_max_blksize,\n"
             "\t\t\t\t      &nfsd_thread_sv_ops);\n\treturn 0;\n}\n"),
    "6.1": ("static int nfsd(void *vrqstp) { return 0; }\n"
            "int nfsd_create_serv(void)\n{\n"
            "\tnfsd_serv = svc_create_pooled(&nfsd_program, nfsd_max_blksize,\n"
            "\t\t\t\t      nfsd);\n\treturn 0;\n}\n"),
    "6.10": ("static int nfsd(void *vrqstp) { return 0; }\n"
             "int nfsd_create_serv(void)\n{\n"
             "\tnfsd_serv = svc_create_pooled(&nfsd_program, &nn->nfsd_svcstats,\n"
             "\t\t\t\t      nfsd_max_blksize, nfsd);\n\treturn 0;\n}\n"),
}

SPATCH = "/usr/bin/spatch"
COCCI = ks.PROJECT_ROOT / "cocci" / "kthread_threads.cocci"
ENV = dict(os.environ, PATH="/usr/bin:/bin:" + os.environ.get("PATH", ""))


class DeclaredTest(unittest.TestCase):
    def test_positions_per_release(self):
        for release, headers in TREES.items():
            found = creators.declared(headers.get)
            for name, (index, arity) in EXPECTED[release].items():
                with self.subTest(release=release, creator=name):
                    self.assertEqual((found[name].threadfn, found[name].arity), (index, arity))
                    self.assertIsNotNone(found[name].where)

    def test_what_is_not_resolved_says_why(self):
        found = creators.declared(TREES["5.10"].get)
        self.assertIsNone(found["kthread_run_on_cpu"].where)
        self.assertIn("not declared in this tree", found["kthread_run_on_cpu"].note)
        note = found["svc_create_pooled"].note
        self.assertIn("include/linux/sunrpc/svc.h:10", note)
        self.assertIn("takes no thread-function parameter", note)
        self.assertIn("const struct svc_serv_ops *", note)

    def test_without_headers_the_6_12_positions_stand(self):
        found = creators.declared(lambda path: None)
        self.assertEqual({n: (d.threadfn, d.arity) for n, d in found.items()},
                         {c.name: (c.threadfn, c.arity) for c in creators.CREATORS})

    def test_macro_position_follows_the_creator_it_calls(self):
        headers = {creators.KTHREAD_H: KTHREAD_H_5_10.replace(
            "#define kthread_create(threadfn, data, namefmt, arg...) \\\n"
            "\tkthread_create_on_node(threadfn,",
            "#define kthread_create(data, threadfn, namefmt, arg...) \\\n"
            "\tkthread_create_on_node(threadfn,")}
        found = creators.declared(headers.get)
        self.assertEqual(found["kthread_create"].threadfn, 1)
        self.assertEqual(found["kthread_run"].threadfn, 1)


class DetectorReadsTheTreeTest(unittest.TestCase):
    """spatch runs in the tree: the detector picks the argument its headers declare."""

    def facts(self, release: str) -> List[Dict]:
        with ks.TempDir() as tree:
            for path, text in dict(TREES[release], **{"fs/nfsd/nfssvc.c":
                                                       NFSD_C[release]}).items():
                (tree / path).parent.mkdir(parents=True, exist_ok=True)
                (tree / path).write_text(text)
            proc = subprocess.run([SPATCH, "--sp-file", str(COCCI), "-D", "facts",
                                   "--very-quiet", "--no-includes", "--include-headers",
                                   "fs/nfsd/nfssvc.c"], cwd=tree, capture_output=True,
                                  text=True, timeout=300, env=ENV)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return [json.loads(line.split(" ", 1)[1]) for line in proc.stdout.splitlines()
                if line.startswith("KTI-FACT ")]

    def create(self, release: str) -> Dict:
        found = [f for f in self.facts(release) if f["kind"] == "create"]
        self.assertEqual(len(found), 1, found)
        return found[0]

    def test_6_1_three_arguments(self):
        fact = self.create("6.1")
        self.assertEqual((fact["arg"], fact["arg_kind"], fact["thread_kind"]),
                         ("nfsd", "function", "svc"))

    def test_6_10_four_arguments(self):
        fact = self.create("6.10")
        self.assertEqual((fact["arg"], fact["arg_kind"]), ("nfsd", "function"))

    def test_5_10_operations_structure(self):
        fact = self.create("5.10")
        self.assertEqual(fact["arg_kind"], "none")
        self.assertIn("takes no thread-function parameter", fact["reason"])


class ScanOf510TreeTest(unittest.TestCase):
    """The whole scan lists a 5.10 svc_create_pooled() site as unresolved, with why."""

    def test_unresolved_with_the_declaration(self):
        with ks.TempDir() as tmp:
            proc = ks.scan_with_real_spatch(tmp, dict(TREES["5.10"], **{
                "fs/nfsd/nfssvc.c": NFSD_C["5.10"]}))
            self.assertEqual(proc.returncode, 0, proc.stderr)
            inv = json.loads((tmp / "out" / "inventory.json").read_text())
        sites = inv["creation_sites"]
        self.assertEqual([(s["creator"], s["status"]) for s in sites],
                         [("svc_create_pooled", "unresolved")])
        self.assertIn("include/linux/sunrpc/svc.h:10", sites[0]["reason"])
        pooled = [c for c in inv["creators"] if c["name"] == "svc_create_pooled"][0]
        self.assertEqual((pooled["threadfn_arg"], pooled["arity"]), (None, 3))


if __name__ == "__main__":
    unittest.main()
