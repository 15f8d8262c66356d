// SPDX-License-Identifier: GPL-2.0-only
///
/// Find kthread thread functions and say how their main loop is built,
/// as an inventory for converting them to the kthread_iterant API.
///
/// A thread function is the function handed to kthread_create(),
/// kthread_run(), kthread_create_on_node(), kthread_create_on_cpu() or
/// kthread_run_on_cpu(), directly or through an in-file wrapper that takes
/// the function pointer as a parameter, or any "int f(void *)" function
/// that checks kthread_should_stop() or another kthread checkpoint.  The
/// threadfn of svc_create() and svc_create_pooled() is an svc thread; the
/// thread_fn of a struct smp_hotplug_thread initializer is an smpboot
/// thread, whose loop the smpboot core already owns.
///
// Confidence: Moderate
// Copyright: (C) 2026 The kthread-iterant authors.
// Comments:
//  Each thread function gets a loop shape (while-not-should-stop,
//  infinite-with-stop-check, do-while, freezable-should-stop,
//  custom-stop-predicate, stop-in-helper, one-shot, wait-for-stop-tail,
//  infinite-without-stop-check), its freezer, parking, signal and sleep
//  calls, the ways it leaves the loop besides the stop check, the locals
//  it keeps across iterations, and a verdict with its reasons:
//
//  auto:   one loop of shape while-not-should-stop, freezable-should-stop
//          or infinite-with-stop-check, left only through the stop check;
//          no signals, no parking, no goto, and no persistent locals
//          except simple ones (set once before the loop from an expression
//          without function calls, then only read).
//  care:   convertible, but a human must look: persistent locals, break
//          or return out of the loop, signals without
//          kernel_dequeue_signal(), a custom stop predicate, a do-while
//          loop, a loop built from a label and a backward goto, or a loop
//          condition that tests more than the stop check.
//  manual: one-shot, wait-for-stop tail, a loop without a stop check
//          (kthread_stop() would wait forever), goto out of the loop,
//          kernel_dequeue_signal(), nested or repeated stop loops,
//          parking, svc threads (the svc layer owns the loop), and stop
//          checks or stop loops that live in a helper.
//
//  Modes: report and org give one line per thread function, per smpboot
//  thread and per creation site whose thread function is not resolved in
//  the file (defined elsewhere, a structure field, a local variable).
//  context marks the creation calls and the stop checks.  patch changes
//  nothing (this is a detector) and prints the report lines, so that
//  make coccicheck MODE=chain, which tries patch first and stops at the
//  first mode that runs, reports too.
//
//  Facts mode, for scripts (-D facts, usually with -D report): every
//  finding is also printed as one stdout line "KTI-FACT <compact JSON>"
//  with a "kind" of create (a creation call: creator, via wrapper, arg,
//  arg_kind function/param/field/other, param_index, in_function,
//  thread_kind kthread/svc), threadfn (every "int f(void *)" function of
//  the file, also those only started from another file: the loop shape,
//  features, exits, persistent locals, verdict and reasons, and in
//  main_loop the positions of the main loop, its condition, body braces,
//  jumps, checkpoint calls and the locals before it, as documented in
//  scripts/kti/detect/looppos.py; null without a main loop), smpboot
//  (struct, thread_fn, thread_comm), stop_helper (a function returning
//  kthread_should_stop()) or stop_loop (a function, not a thread function,
//  running a stop loop; waits says whether it only waits for kthread_stop()),
//  and its file, line, col and end_col, as report lines give them.  The
//  scan driver uses stop_helper and stop_loop facts across files.
//
//  How: SmPL finds the functions, creation sites, wrappers, smpboot
//  initializers and stop helpers.  The body of a thread function (do-while
//  loops, break inside switch, goto targets, locals across iterations) is
//  read by the Python package kti.detect, built on the kti.ctext C-text
//  toolkit, because spatch 1.1.1 cannot match do-while loops nor give the
//  extent of a statement.  The .cocci imports it from scripts/ next to its
//  own directory (found through cocci.cocci_file), so keep cocci/ and
//  scripts/ together; no PYTHONPATH is needed, make coccicheck works.
//  A label followed in the same block by a goto back to it is a loop.
//  spatch reads a parameter named like __unused as an attribute, so
//  "int f(void *__unused)" definitions are found in the file text.
//  Loops hidden behind a macro defined in the same file are expanded,
//  macros from headers are not.  In-file functions that a thread function
//  calls are looked into one level deep for sleep, freezer, signal and
//  parking calls; stop checks count in the thread function itself, in stop
//  helpers and in the stop loops of helpers of the same file (the scan
//  driver adds those of other files, such as torture_must_stop()).
//  Where each creator takes its thread function is read from
//  include/linux/kthread.h and include/linux/sunrpc/svc.h below the
//  directory spatch runs in (the tree, under coccicheck and kti-scan), so
//  that kernels from 5.10 to 6.12 are read right; without those headers
//  the Linux 6.12 positions stand.  A call with another number of
//  arguments than declared is another function of that name.
// Requires: 1.1.1
// Options: --no-includes --include-headers

virtual patch
virtual context
virtual org
virtual report
virtual facts

@initialize:python@
@@

import json
import os
import sys

# The Python lives in scripts/kti next to cocci/ (kti.detect, on the kti.ctext
# toolkit); cocci.cocci_file is this file as spatch was given it.
sys.dont_write_bytecode = True
KTI_SCRIPTS = os.path.join(os.path.dirname(os.path.abspath(cocci.cocci_file)),
			   os.pardir, "scripts")
sys.path.insert(0, os.path.normpath(KTI_SCRIPTS))
try:
	from kti.detect.session import Session
except ImportError as err:
	raise ImportError("kthread_threads.cocci needs the kti package in %s: %s"
			  % (os.path.normpath(KTI_SCRIPTS), err))

kti = Session()

// ---------------------------------------------------------------------
// Detection rules (report, org and facts modes)

@kti_fn depends on report || patch || org || facts@
identifier fn, arg;
position p;
@@

int fn@p(void *arg) { ... }

@script:python@
fn << kti_fn.fn;
p << kti_fn.p;
@@

kti.add_threadfn(p[0], fn)

@kti_static depends on kti_fn@
identifier fn, arg;
position p;
@@

static int fn@p(void *arg) { ... }

@script:python@
p << kti_static.p;
@@

kti.add_static(p[0])

@kti_create depends on report || patch || org || facts@
identifier creator = {kthread_create, kthread_run, kthread_create_on_node,
		      kthread_create_on_cpu, kthread_run_on_cpu,
		      svc_create, svc_create_pooled};
expression list args;
position p;
@@

creator@p(args)

@script:python@
creator << kti_create.creator;
args << kti_create.args;
p << kti_create.p;
@@

kti.add_call(p[0], creator, [str(arg) for arg in args.elements])

@kti_wrapper depends on kti_create@
identifier wrapper;
identifier fp : script:python () { kti.is_create_arg(fp) };
parameter list[n] ps;
type T;
position p;
@@

wrapper@p(ps, T fp, ...) { ... }

@script:python@
wrapper << kti_wrapper.wrapper;
n << kti_wrapper.n;
fp << kti_wrapper.fp;
p << kti_wrapper.p;
@@

kti.add_wrapper(p[0], wrapper, n, fp)

@kti_wrapper_call depends on kti_wrapper@
identifier wrapper : script:python () { kti.is_wrapper(wrapper) };
expression list args;
position p;
@@

wrapper@p(args)

@script:python@
wrapper << kti_wrapper_call.wrapper;
args << kti_wrapper_call.args;
p << kti_wrapper_call.p;
@@

kti.add_wrapper_call(p[0], wrapper, [str(arg) for arg in args.elements])

@kti_smpboot depends on report || patch || org || facts@
identifier s, fn;
position p;
@@

struct smp_hotplug_thread s@p = { ..., .thread_fn = fn, ... };

@script:python@
s << kti_smpboot.s;
fn << kti_smpboot.fn;
p << kti_smpboot.p;
@@

kti.add_smpboot(p[0], s, fn)

@kti_smpboot_comm depends on kti_smpboot@
identifier kti_smpboot.s;
expression comm;
@@

struct smp_hotplug_thread s = { ..., .thread_comm = comm, ... };

@script:python@
s << kti_smpboot.s;
comm << kti_smpboot_comm.comm;
@@

kti.add_smpboot_comm(s, comm)

@kti_stop_call depends on report || patch || org || facts@
identifier pred = {kthread_should_stop, kthread_freezable_should_stop};
position p;
@@

pred@p(...)

@script:python@
p << kti_stop_call.p;
@@

kti.add_stop_caller(p[0])

@kti_stop_return depends on kti_stop_call@
identifier pred = {kthread_should_stop, kthread_freezable_should_stop};
position p;
@@

return <+... pred@p(...) ...+>;

@script:python@
p << kti_stop_return.p;
@@

kti.add_stop_returner(p[0])

@kti_stop_fn depends on kti_stop_call@
identifier h : script:python () { kti.calls_stop(h) };
type T;
position p;
@@

T h@p(...) { ... }

@script:python@
h << kti_stop_fn.h;
p << kti_stop_fn.p;
@@

kti.add_stop_fn(p[0], h)

// ---------------------------------------------------------------------
// Output, once per file (group)

@script:python depends on report || patch@
@@

for p, msg in kti.results()[1]:
	coccilib.report.print_report(p, msg)

@script:python depends on org@
@@

for p, msg in kti.results()[1]:
	coccilib.org.print_todo(p, msg)

@script:python depends on facts@
@@

for p, fact in kti.results()[0]:
	print("KTI-FACT " + json.dumps(fact, separators=(",", ":")))

@script:python@
@@

kti.reset()

// ---------------------------------------------------------------------
// Context mode: creation calls and stop checks

@depends on context@
identifier creator = {kthread_create, kthread_run, kthread_create_on_node,
		      kthread_create_on_cpu, kthread_run_on_cpu,
		      svc_create, svc_create_pooled};
@@

* creator(...)

@depends on context@
identifier pred = {kthread_should_stop, kthread_freezable_should_stop,
		   svc_thread_should_stop};
@@

* pred(...)
