// SPDX-License-Identifier: GPL-2.0-only
///
/// Start a converted thread function as an iterant kthread: its creation
/// sites pass the description instead of the function, with the same name
/// format, node or CPU binding and the same error handling.
///
///   kthread_create(tfn, data, fmt, ...)  -> kthread_iterant_create(&kti, data, fmt, ...)
///   kthread_run(tfn, ...)                -> kthread_iterant_run(&kti, ...)
///   kthread_create_on_node(tfn, ...)     -> kthread_iterant_create_on_node(&kti, ...)
///   kthread_create_on_cpu(tfn, ...)      -> kthread_iterant_create_on_cpu(&kti, ...)
///   kthread_run_on_cpu(tfn, ...)         -> kthread_iterant_run_on_cpu(&kti, ...)
///
/// and include/linux/torture.h's macros, which paste tfn##_kti (kti must be
/// tfn_kti) and keep #tfn as the task name:
///
///   torture_create_kthread(tfn, ...)     -> torture_create_kthread_iterant(tfn, ...)
///   torture_create_kthread_cb(tfn, ...)  -> torture_create_kthread_iterant_cb(tfn, ...)
///
/// and its prototypes become declarations of the description:
///
///   static int tfn(void *);  -> static const struct kthread_iterant kti;
///   int tfn(void *);         -> extern const struct kthread_iterant kti;
///
/// and an exported thread function exports its description instead:
///
///   EXPORT_SYMBOL(tfn);      -> EXPORT_SYMBOL(kti);   (and _GPL)
///
// Confidence: High
// Copyright: (C) 2026 The kthread-iterant authors.
// Comments:
//  Part of scripts/kti-convert, which moves the body of tfn into the
//  callbacks of kti (text moving, see scripts/kti/convert/README.md) and
//  runs this on every file that creates tfn or declares it.  tfn and kti
//  are given on the command line, so the rule also rewrites creation
//  sites in other files than the one defining tfn:
//
//    spatch --sp-file cocci/kthread_iterant_create.cocci -D patch \
//           -D tfn=foo_thread -D kti=foo_thread_kti --no-includes \
//           --include-headers --max-width 100 \
//           --macro-file cocci/kthread_iterant_macros.h --timeout 60 \
//           --in-place drivers/foo/foo.c
//
//  --max-width 100 lets spatch re-flow a changed call to the kernel's line
//  length rather than to 80 columns, one argument per line.
//  --macro-file cocci/kthread_iterant_macros.h tells spatch what
//  scoped_guard() is; without it a function using one is skipped.
//
//  report and org list the creation sites and prototypes of tfn; context
//  marks them.  Without -D tfn no rule applies.
// Requires: 1.1.1
// Options: --no-includes --include-headers --max-width 100

virtual patch
virtual context
virtual org
virtual report

@create depends on patch@
identifier virtual.tfn, virtual.kti;
expression arg, tp, cbf;
@@
(
- kthread_create(
+ kthread_iterant_create(
- \(tfn\|&tfn\)
+ &kti
  , ...)
|
- kthread_run(
+ kthread_iterant_run(
- \(tfn\|&tfn\)
+ &kti
  , ...)
|
- kthread_create_on_node(
+ kthread_iterant_create_on_node(
- \(tfn\|&tfn\)
+ &kti
  , ...)
|
- kthread_create_on_cpu(
+ kthread_iterant_create_on_cpu(
- \(tfn\|&tfn\)
+ &kti
  , ...)
|
- kthread_run_on_cpu(
+ kthread_iterant_run_on_cpu(
- \(tfn\|&tfn\)
+ &kti
  , ...)
|
- torture_create_kthread(tfn, arg, tp)
+ torture_create_kthread_iterant(tfn, arg, tp)
|
- torture_create_kthread_cb(tfn, arg, tp, cbf)
+ torture_create_kthread_iterant_cb(tfn, arg, tp, cbf)
)

@proto depends on patch@
identifier virtual.tfn, virtual.kti;
parameter list ps;
@@
(
- static int tfn(ps);
+ static const struct kthread_iterant kti;
|
- extern int tfn(ps);
+ extern const struct kthread_iterant kti;
|
- int tfn(ps);
+ extern const struct kthread_iterant kti;
)

@export depends on patch@
identifier virtual.tfn, virtual.kti;
declarer name EXPORT_SYMBOL, EXPORT_SYMBOL_GPL;
@@
(
- EXPORT_SYMBOL(tfn);
+ EXPORT_SYMBOL(kti);
|
- EXPORT_SYMBOL_GPL(tfn);
+ EXPORT_SYMBOL_GPL(kti);
)

// ---------------------------------------------------------------------
// report, org and context: where tfn is created or declared

@depends on context@
identifier virtual.tfn;
identifier creator = {kthread_create, kthread_run, kthread_create_on_node,
		      kthread_create_on_cpu, kthread_run_on_cpu,
		      torture_create_kthread, torture_create_kthread_cb};
@@

* creator(\(tfn\|&tfn\), ...)

@depends on context@
identifier virtual.tfn;
parameter list ps;
@@

* int tfn(ps);

@site depends on report || org@
identifier virtual.tfn;
identifier creator = {kthread_create, kthread_run, kthread_create_on_node,
		      kthread_create_on_cpu, kthread_run_on_cpu,
		      torture_create_kthread, torture_create_kthread_cb};
position p;
@@

creator@p(\(tfn\|&tfn\), ...)

@decl depends on report || org@
identifier virtual.tfn;
parameter list ps;
position p;
@@

int tfn@p(ps);

@script:python depends on report@
p << site.p;
c << site.creator;
tfn << virtual.tfn;
@@

coccilib.report.print_report(p[0], "%s() starts %s: kthread_iterant_%s() starts its description"
			     % (c, tfn, c[len("kthread_"):]))

@script:python depends on report@
p << decl.p;
tfn << virtual.tfn;
@@

coccilib.report.print_report(p[0], "prototype of %s: declare its description instead" % tfn)

@script:python depends on org@
p << site.p;
c << site.creator;
tfn << virtual.tfn;
@@

coccilib.org.print_todo(p[0], "%s() starts %s" % (c, tfn))

@script:python depends on org@
p << decl.p;
tfn << virtual.tfn;
@@

coccilib.org.print_todo(p[0], "prototype of %s" % tfn)
