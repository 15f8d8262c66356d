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
//  context marks the creation calls and the stop checks.  patch is not
//  supported: this is a detector, it changes nothing.
//
//  Facts mode, for scripts (-D facts, usually with -D report): every
//  finding is also printed as one stdout line "KTI-FACT <compact JSON>"
//  with a "kind" of create (a creation call: creator, via wrapper, arg,
//  arg_kind function/param/field/other, param_index, in_function,
//  thread_kind kthread/svc), threadfn (every "int f(void *)" function of
//  the file, also those only started from another file: the loop shape,
//  features, exits, persistent locals, verdict and reasons), smpboot
//  (struct, thread_fn, thread_comm) or stop_helper (a function returning
//  kthread_should_stop()), and its file and line (all but stop_helper
//  also give col and end_col, as report lines do).
//
//  How: SmPL finds the functions, creation sites, wrappers, smpboot
//  initializers and stop helpers.  The body of a thread function (do-while
//  loops, break inside switch, goto targets, locals across iterations) is
//  read by a small token-level scanner in the Python part, because spatch
//  1.1.1 cannot match do-while loops nor give the extent of a statement.
//  A label followed in the same block by a goto back to it is a loop.
//  spatch reads a parameter named like __unused as an attribute, so
//  "int f(void *__unused)" definitions are found in the file text.
//  Loops hidden behind a macro defined in the same file are expanded,
//  macros from headers are not.  In-file functions that a thread function
//  calls are looked into one level deep for sleep, freezer, signal and
//  parking calls; stop checks count in the thread function itself, in stop
//  helpers and in the stop loops of helpers.
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
import re

KTI_CREATORS = ("kthread_create", "kthread_run", "kthread_create_on_node",
		"kthread_create_on_cpu", "kthread_run_on_cpu")

# svc thread creators and their number of arguments (threadfn is last).
KTI_SVC_CREATORS = {"svc_create": 3, "svc_create_pooled": 5}

# Canonical order of the feature lists, as in the facts contract.
KTI_FREEZER = ("set_freezable", "try_to_freeze",
	       "kthread_freezable_should_stop", "wait_event_freezable")
KTI_PARKING = ("kthread_should_park", "kthread_parkme")
KTI_SIGNALS = ("allow_signal", "allow_kernel_signal", "disallow_signal",
	       "signal_pending", "flush_signals", "kernel_dequeue_signal")
KTI_SLEEP = ("schedule_timeout", "msleep", "wait_event",
	     "set_current_state+schedule", "wait_for_completion",
	     "usleep_range", "schedule")
KTI_EXITS = ("break", "return", "goto")

KTI_SVC_REASON = "svc thread: the sunrpc svc layer runs its loop"

KTI_GOTO_LOOP_REASON = "loops with a backward goto"

# "int NAME(void *__PARAM) {": spatch reads a parameter named like
# __unused as an attribute and does not match these definitions.
KTI_ATTR_PARAM_RE = re.compile(
	r"^(?P<head>(?:[A-Za-z_]\w*[ \t]+)*)int[ \t\n]+(?P<name>[A-Za-z_]\w*)"
	r"\(\s*void\s*\*\s*__\w+\s*\)\s*\{", re.M)

# Calls that only put the thread to sleep or test the stop condition: a
# stop loop made of nothing else is a wait-for-stop loop.
KTI_SLEEPISH = frozenset((
	"set_current_state", "__set_current_state", "schedule",
	"schedule_timeout", "schedule_timeout_interruptible",
	"schedule_timeout_uninterruptible", "schedule_timeout_idle",
	"schedule_timeout_killable", "msleep", "msleep_interruptible",
	"ssleep", "usleep_range", "usleep_range_state", "fsleep",
	"try_to_freeze", "cpu_relax", "cond_resched",
	"kthread_should_stop", "kthread_freezable_should_stop"))

# Calls allowed in the initializer of a "simple" persistent local.
KTI_PURE_CALLS = frozenset(("sizeof", "container_of", "msecs_to_jiffies",
			    "usecs_to_jiffies", "secs_to_jiffies",
			    "ARRAY_SIZE", "BIT", "offsetof", "__alignof__"))

KTI_KEYWORDS = frozenset((
	"if", "else", "while", "for", "do", "switch", "case", "default",
	"break", "continue", "return", "goto", "sizeof", "typeof",
	"__typeof__", "asm", "__asm__", "volatile"))

KTI_TYPE_WORDS = frozenset((
	"int", "long", "short", "char", "bool", "_Bool", "void", "unsigned",
	"signed", "float", "double", "const", "volatile", "static",
	"register", "struct", "union", "enum", "u8", "u16", "u32", "u64",
	"s8", "s16", "s32", "s64", "__u8", "__u16", "__u32", "__u64",
	"size_t", "ssize_t", "loff_t", "pid_t", "sigset_t", "ktime_t",
	"atomic_t", "__maybe_unused", "__always_unused", "auto"))

KTI_BACKSLASH = chr(92)

KTI_ASSIGN_OPS = frozenset(("+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
			    "<<=", ">>="))

# Quotes are written as \x22 and \x27 so that the SmPL lexer, which
# scans this script for string literals, sees none.
KTI_TOKEN_RE = re.compile(
	r"(?P<nl>\n)"
	r"|(?P<ws>[ \t\r\f\v]+|\\\n)"
	r"|(?P<comment>/\*.*?\*/|/{2}[^\n]*)"
	r"|(?P<str>\x22(?:[^\x22\\\n]|\\.)*\x22|\x27(?:[^\x27\\\n]|\\.)*\x27)"
	r"|(?P<id>[A-Za-z_]\w*)"
	r"|(?P<num>\.?\d(?:[\w.]|[eEpP][+-])*)"
	r"|(?P<op>->|\+\+|--|<<=|>>=|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&^|]="
	r"|\.\.\.|\#\#|[][(){}.,;:?~!%^&*+\-/<>=\#])"
	r"|(?P<other>.)", re.S)


class KtiTok:
	"""One C token: kind, text, 1-based line, 0-based column."""
	__slots__ = ("kind", "text", "line", "col")

	def __init__(self, kind, text, line, col):
		self.kind = kind
		self.text = text
		self.line = line
		self.col = col


def kti_new_state():
	return {"threadfns": {}, "statics": set(), "creates": [],
		"wrappers": {}, "smpboot": [], "stop_helpers": {},
		"stop_users": {}, "stop_callers": set(), "stop_returners": set(),
		"texts": {}, "macros": {}, "parsed": {}, "callees": {},
		"callee_names": None, "done": None}


kti = kti_new_state()


def kti_text(path):
	"""Source text of a file, cached for the current file group."""
	if path not in kti["texts"]:
		try:
			with open(path, encoding="latin-1") as src:
				kti["texts"][path] = src.read()
		except OSError:
			kti["texts"][path] = ""
	return kti["texts"][path]


def kti_tokens_from(text, line, col):
	"""Tokenize text from (line, col) on, yielding KtiTok objects."""
	offset = 0
	for _ in range(line - 1):
		offset = text.find("\n", offset) + 1
		if offset == 0:
			return
	line_start = offset
	pos = offset + col
	at_line_start = False
	while pos < len(text):
		m = KTI_TOKEN_RE.match(text, pos)
		kind = m.lastgroup
		tok = m.group(kind)
		if kind == "nl":
			line += 1
			line_start = m.end()
			at_line_start = True
		elif kind == "comment" or kind == "ws":
			nls = tok.count("\n")
			if nls:
				line += nls
				line_start = m.start() + tok.rfind("\n") + 1
		elif kind == "op" and tok == "#" and at_line_start:
			# Preprocessor line: skip it with its continuations.
			end = pos
			while True:
				end = text.find("\n", end)
				if end < 0:
					end = len(text)
					break
				if text[end - 1] != KTI_BACKSLASH:
					break
				line += 1
				end += 1
			pos = end
			continue
		else:
			at_line_start = False
			yield KtiTok(kind, tok, line, m.start() - line_start)
		pos = m.end()


def kti_macros(path):
	"""In-file #define NAME(params) body, as (params or None, tokens)."""
	if path in kti["macros"]:
		return kti["macros"][path]
	macros = {}
	text = kti_text(path)
	for m in re.finditer(r"^[ \t]*#[ \t]*define[ \t]+(\w+)(\([^)]*\))?"
			     r"((?:[^\n\\]|\\.)*)", text, re.M | re.S):
		params = None
		if m.group(2) is not None:
			params = [p.strip() for p in m.group(2)[1:-1].split(",")
				  if p.strip()]
		body = [t for t in kti_tokens_from(m.group(3), 1, 0)]
		macros[m.group(1)] = (params, body)
	kti["macros"][path] = macros
	return macros


def kti_match(toks, i):
	"""Index of the bracket closing the one at toks[i]."""
	pairs = {"(": ")", "[": "]", "{": "}"}
	stack = []
	for j in range(i, len(toks)):
		t = toks[j].text
		if toks[j].kind != "op":
			continue
		if t in pairs:
			stack.append(pairs[t])
		elif t in (")", "]", "}"):
			while stack and stack[-1] != t:
				stack.pop()
			if stack:
				stack.pop()
			if not stack:
				return j
	return len(toks) - 1


def kti_function_tokens(path, line, col):
	"""Tokens of a function definition from its name to its closing brace,
	and the index of the opening brace of its body (None if not found)."""
	toks = []
	depth = 0
	body = None
	for tok in kti_tokens_from(kti_text(path), line, col):
		toks.append(tok)
		if tok.kind != "op":
			continue
		if tok.text == ";" and body is None and depth == 0:
			return toks, None
		if tok.text in ("(", "[", "{"):
			if tok.text == "{" and depth == 0 and body is None:
				body = len(toks) - 1
			depth += 1
		elif tok.text in (")", "]", "}"):
			depth -= 1
			if depth == 0 and body is not None:
				return toks, body
	return toks, body


class KtiNode:
	"""A statement of a function body: kind, token range and children."""

	def __init__(self, kind, start, end, **fields):
		self.kind = kind
		self.start = start
		self.end = end
		self.cond = None
		self.body = None
		self.orelse = None
		self.children = []
		self.name = None
		self.what = None  # loop: while/for/do/iterator; jump: break/...
		for key, value in fields.items():
			setattr(self, key, value)


class KtiParser:
	"""Statement structure of one function body, enough to see loops,
	switches, jumps, labels and declarations.  Not a C parser: expressions
	are kept as token ranges."""

	def __init__(self, toks, macros):
		self.toks = toks
		self.macros = macros
		self.expansions = 0

	def text(self, i):
		return self.toks[i].text if i < len(self.toks) else ""

	def kind(self, i):
		return self.toks[i].kind if i < len(self.toks) else ""

	def expand_loop_macro(self, i):
		"""Splice an in-file macro whose body starts a loop into the tokens."""
		params, body = self.macros[self.text(i)]
		end = i
		args = []
		if params is not None:
			if self.text(i + 1) != "(":
				return False
			end = kti_match(self.toks, i + 1)
			cur = []
			depth = 0
			for tok in self.toks[i + 2:end]:
				if tok.text == "," and depth == 0:
					args.append(cur)
					cur = []
					continue
				if tok.text in ("(", "[", "{"):
					depth += 1
				elif tok.text in (")", "]", "}"):
					depth -= 1
				cur.append(tok)
			args.append(cur)
		at = self.toks[i]
		out = []
		for tok in body:
			if params is not None and tok.kind == "id" and tok.text in params:
				idx = params.index(tok.text)
				for arg_tok in (args[idx] if idx < len(args) else []):
					out.append(KtiTok(arg_tok.kind, arg_tok.text, at.line, at.col))
				continue
			out.append(KtiTok(tok.kind, tok.text, at.line, at.col))
		self.toks[i:end + 1] = out
		self.expansions += 1
		return True

	def parse_block(self, i):
		"""Parse '{ ... }' at toks[i]; return the node and the next index."""
		node = KtiNode("block", i, i)
		j = i + 1
		while j < len(self.toks) and self.text(j) != "}":
			child, j = self.parse_stmt(j)
			node.children.append(child)
		node.end = j
		return node, j + 1

	def parse_stmt(self, i):
		t = self.text(i)
		k = self.kind(i)
		if t == "{" and k == "op":
			return self.parse_block(i)
		if k == "id" and t in ("while", "switch") and self.text(i + 1) == "(":
			close = kti_match(self.toks, i + 1)
			body, nxt = self.parse_stmt(close + 1)
			kind = "loop" if t == "while" else "switch"
			return KtiNode(kind, i, nxt - 1, cond=(i + 2, close), body=body,
				       what="while"), nxt
		if k == "id" and t == "for" and self.text(i + 1) == "(":
			close = kti_match(self.toks, i + 1)
			depth = 0
			semis = []
			for j in range(i + 2, close):
				if self.text(j) in ("(", "[", "{"):
					depth += 1
				elif self.text(j) in (")", "]", "}"):
					depth -= 1
				elif self.text(j) == ";" and depth == 0:
					semis.append(j)
			cond = (semis[0] + 1, semis[1]) if len(semis) >= 2 else (close, close)
			body, nxt = self.parse_stmt(close + 1)
			return KtiNode("loop", i, nxt - 1, cond=cond, body=body,
				       what="for"), nxt
		if k == "id" and t == "do":
			body, nxt = self.parse_stmt(i + 1)
			if self.text(nxt) == "while" and self.text(nxt + 1) == "(":
				close = kti_match(self.toks, nxt + 1)
				end = close + 1 if self.text(close + 1) == ";" else close
				return KtiNode("loop", i, end, cond=(nxt + 2, close),
					       body=body, what="do"), end + 1
			return KtiNode("loop", i, nxt - 1, cond=(nxt, nxt), body=body,
				       what="do"), nxt
		if k == "id" and t == "if" and self.text(i + 1) == "(":
			close = kti_match(self.toks, i + 1)
			then, nxt = self.parse_stmt(close + 1)
			orelse = None
			if self.text(nxt) == "else":
				orelse, nxt = self.parse_stmt(nxt + 1)
			return KtiNode("if", i, nxt - 1, cond=(i + 2, close), body=then,
				       orelse=orelse), nxt
		if k == "id" and t in ("case", "default"):
			j = i + 1
			while j < len(self.toks) and self.text(j) != ":":
				j += 1
			return KtiNode("case", i, j), j + 1
		if k == "id" and t in ("break", "continue", "return", "goto"):
			j = self.stmt_end(i)
			name = self.text(i + 1) if t == "goto" else None
			return KtiNode("jump", i, j, name=name, what=t), j + 1
		if k == "id" and self.text(i + 1) == ":" and t not in KTI_KEYWORDS:
			return KtiNode("label", i, i + 1, name=t), i + 2
		if (k == "id" and t in self.macros and self.expansions < 50 and
		    self.macros[t][1] and
		    self.macros[t][1][0].text in ("while", "for", "do")):
			if self.expand_loop_macro(i):
				return self.parse_stmt(i)
		if k == "id" and t not in KTI_KEYWORDS:
			# Iterator macros: NAME(args) { ... } or NAME { ... }.
			nxt = i + 1
			if self.text(nxt) == "(":
				nxt = kti_match(self.toks, nxt) + 1
			if self.text(nxt) == "{":
				body, after = self.parse_stmt(nxt)
				cond = (i + 2, nxt - 1) if nxt > i + 1 else (i, i)
				return KtiNode("loop", i, after - 1, cond=cond, body=body,
					       what="iterator", name=t), after
		# A stray closing bracket (unbalanced #ifdef branches) is
		# skipped as a statement of its own so that parsing moves on.
		j = max(self.stmt_end(i), i)
		return KtiNode("simple", i, j), j + 1

	def stmt_end(self, i):
		"""Index of the ';' ending the statement at i (or of the '}' that
		closes the enclosing block when the ';' is missing)."""
		depth = 0
		j = i
		while j < len(self.toks):
			t = self.text(j)
			if self.kind(j) == "op":
				if t in ("(", "[", "{"):
					depth += 1
				elif t in (")", "]", "}"):
					if depth == 0:
						return j - 1
					depth -= 1
				elif t == ";" and depth == 0:
					return j
			j += 1
		return len(self.toks) - 1


def kti_has_goto(node, label):
	"""Whether node holds a 'goto label'."""
	return any(n.kind == "jump" and n.what == "goto" and n.name == label
		   for n, _ in kti_walk(node))


def kti_goto_loops(node):
	"""Turn each 'label: ... goto label;' of one block into a loop node
	(what "goto"), so that a loop built with a backward goto is seen as
	a loop.  The label stays the first statement of the loop body.  A
	label inside a loop is a retry within one iteration: left alone.
	"""
	if node is None or node.kind == "loop":
		return
	if node.kind == "block":
		for i, label in enumerate(node.children):
			if label.kind != "label" or getattr(label, "looped", False):
				continue
			last = None
			for j in range(i + 1, len(node.children)):
				if kti_has_goto(node.children[j], label.name):
					last = j
			if last is None:
				continue
			label.looped = True
			end = node.children[last].end
			body = KtiNode("block", label.start, end,
				       children=node.children[i:last + 1])
			node.children[i:last + 1] = [
				KtiNode("loop", label.start, end,
					cond=(label.start, label.start), body=body,
					what="goto", name=label.name)]
	for child in [node.body, node.orelse] + node.children:
		kti_goto_loops(child)


def kti_walk(node, inside=None):
	"""All nodes below node (pre-order), with the chain of enclosing nodes."""
	inside = inside or []
	yield node, inside
	for child in (node.body, node.orelse):
		if child is not None:
			for item in kti_walk(child, inside + [node]):
				yield item
	for child in node.children:
		for item in kti_walk(child, inside + [node]):
			yield item


def kti_calls(toks, start, end, macros, seen=None):
	"""Names called (NAME followed by '(') in toks[start:end], in source
	order, also those called from the body of an in-file macro used
	there."""
	names = []
	seen = seen if seen is not None else set()
	for j in range(start, min(end, len(toks))):
		tok = toks[j]
		if tok.kind != "id" or tok.text in KTI_KEYWORDS:
			continue
		if j > 0 and toks[j - 1].text in (".", "->"):
			continue
		if tok.text in macros and tok.text not in seen:
			seen.add(tok.text)
			body = macros[tok.text][1]
			names.extend(kti_calls(body, 0, len(body), macros, seen))
		if j + 1 < len(toks) and toks[j + 1].text == "(":
			names.append(tok.text)
	return names


def kti_sleep_kind(name):
	"""Map a sleeping call to its sleep category, or None."""
	if name.startswith("schedule_timeout"):
		return "schedule_timeout"
	if name in ("msleep", "msleep_interruptible", "ssleep"):
		return "msleep"
	if re.match(r"^(s?wait_event|wait_var_event)", name):
		return "wait_event"
	if name.startswith("wait_for_completion"):
		return "wait_for_completion"
	if name.startswith("usleep_range") or name == "fsleep":
		return "usleep_range"
	if name in ("schedule", "io_schedule", "schedule_preempt_disabled"):
		return "schedule"
	return None


def kti_features(calls):
	"""Freezer, parking, signal and sleep feature lists of a call list."""
	names = set(calls)
	freezer = set()
	for name in names:
		if name in ("set_freezable", "try_to_freeze",
			    "kthread_freezable_should_stop"):
			freezer.add(name)
		elif name.startswith("wait_event_freezable"):
			freezer.add("wait_event_freezable")
	sleep = set(filter(None, (kti_sleep_kind(n) for n in names)))
	if "schedule" in sleep and names & {"set_current_state",
					      "__set_current_state"}:
		sleep.discard("schedule")
		sleep.add("set_current_state+schedule")
	return ([f for f in KTI_FREEZER if f in freezer],
		[p for p in KTI_PARKING if p in names],
		[s for s in KTI_SIGNALS if s in names],
		[s for s in KTI_SLEEP if s in sleep])


class KtiFunction:
	"""Parsed body of one function plus the stop-related facts about it."""

	def __init__(self, path, line, col, helpers=frozenset()):
		self.path = path
		self.macros = kti_macros(path)
		toks, body = kti_function_tokens(path, int(line), int(col))
		self.toks = toks
		self.helpers = helpers
		self.root = None
		if body is not None:
			parser = KtiParser(toks, self.macros)
			self.root, _ = parser.parse_block(body)
			self.toks = parser.toks
			kti_goto_loops(self.root)
		self.nodes = list(kti_walk(self.root)) if self.root else []

	def calls(self, start, end):
		return kti_calls(self.toks, start, end, self.macros)

	def stop_kind(self, start, end):
		"""Which stop predicate toks[start:end] calls, or None."""
		calls = self.calls(start, end)
		for name in calls:
			if name == "kthread_freezable_should_stop":
				return "freezable", name
		for name in calls:
			if name in self.helpers:
				return "helper", name
		for name in calls:
			if "should_stop" in name and name != "kthread_should_stop":
				return "custom", name
		if "kthread_should_stop" in calls:
			return "kthread", "kthread_should_stop"
		return None

	def body_stop_checks(self, loop):
		"""Stop predicates tested by if statements of the loop body itself
		(not of nested loops)."""
		found = []

		def visit(node):
			if node is None:
				return
			if node.kind == "loop":
				return
			if node.kind == "if":
				kind = self.stop_kind(*node.cond)
				if kind:
					found.append((kind, node))
			for child in [node.body, node.orelse] + node.children:
				visit(child)

		visit(loop.body)
		return found

	def loops(self):
		return [(n, chain) for n, chain in self.nodes if n.kind == "loop"]

	def is_infinite(self, loop):
		start, end = loop.cond
		cond = [t.text for t in self.toks[start:end]]
		if loop.what == "iterator":
			return False
		return cond in ([], ["1"], ["true"])

	def is_wait_loop(self, loop):
		"""A stop loop that only sleeps until kthread_stop(): its body holds
		nothing but sleeping calls and stop checks."""

		def quiet(node):
			if node is None:
				return True
			if node.kind == "block":
				return all(quiet(c) for c in node.children)
			if node.kind == "simple":
				tok = self.toks[node.start]
				return (tok.text in KTI_SLEEPISH and
					self.text(node.start + 1) == "(") or tok.text == ";"
			if node.kind == "if":
				return self.stop_kind(*node.cond) is not None and \
					quiet(node.body) and quiet(node.orelse)
			return node.kind == "jump" and node.what == "break"

		if loop.what != "iterator":
			cond = [t.text for t in self.toks[loop.cond[0]:loop.cond[1]]]
			if "&&" in cond or "||" in cond:
				return False
		return quiet(loop.body)

	def text(self, i):
		return self.toks[i].text if i < len(self.toks) else ""


def kti_parsed(p):
	"""The parsed function whose name is at position p, parsed once per
	file group."""
	key = (p.file, int(p.line), int(p.column))
	if key not in kti["parsed"]:
		kti["parsed"][key] = KtiFunction(p.file, p.line, p.column)
	return kti["parsed"][key]


def kti_is_callee(name):
	"""Whether an "int f(void *)" function of the file group calls name:
	its definition is then looked at for sleep, freezer, signal and
	parking calls (one level deep)."""
	if kti["callee_names"] is None:
		names = set()
		for tf in kti["threadfns"].values():
			fn = kti_parsed(tf["pos"])
			names.update(fn.calls(0, len(fn.toks)))
		kti["callee_names"] = names
	return name in kti["callee_names"]


def kti_calls_with_helpers(fn, start, end):
	"""Calls in toks[start:end] plus the calls made by the in-file
	functions called there (one level deep)."""
	calls = fn.calls(start, end)
	extra = []
	for name in sorted(set(calls)):
		p = kti["callees"].get((fn.path, name))
		if p is not None:
			helper = kti_parsed(p)
			extra.extend(helper.calls(0, len(helper.toks)))
	return calls + extra


def kti_stop_loops(fn):
	"""Loops that test a stop predicate in their condition or body,
	each as (node, enclosing chain, stop kind, stop name, where)."""
	result = []
	for loop, chain in fn.loops():
		kind = None
		if loop.what != "iterator":
			kind = fn.stop_kind(*loop.cond)
		if kind:
			result.append((loop, chain, kind[0], kind[1], "cond"))
			continue
		checks = fn.body_stop_checks(loop)
		if checks:
			kind = checks[0][0]
			result.append((loop, chain, kind[0], kind[1], "body"))
	return result


def kti_exits(fn, loop):
	"""How the loop is left besides its stop check: break, return, goto
	(with the goto targets)."""
	labels = {}
	for node, _ in fn.nodes:
		if node.kind == "label":
			labels[node.name] = node.start
	exits = set()
	targets = []

	def visit(node, breakable, guarded):
		if node is None:
			return
		if node.kind == "jump" and not guarded:
			what = node.what
			if what == "break" and not breakable:
				exits.add("break")
			elif what == "return":
				exits.add("return")
			elif what == "goto":
				at = labels.get(node.name)
				if at is None or not loop.start <= at <= loop.end:
					exits.add("goto")
					if node.name not in targets:
						targets.append(node.name)
			return
		if node.kind in ("loop", "switch"):
			visit(node.body, True, guarded)
			return
		if node.kind == "if":
			# "if (kthread_should_stop() || err) break;" also leaves
			# for another reason: only a test without || guards.
			cond = [t.text for t in fn.toks[node.cond[0]:node.cond[1]]]
			stop = fn.stop_kind(*node.cond) is not None and \
				"||" not in cond
			visit(node.body, breakable, guarded or stop)
			visit(node.orelse, breakable, guarded)
			return
		for child in [node.body, node.orelse] + node.children:
			visit(child, breakable, guarded)

	visit(loop.body, False, False)
	return [e for e in KTI_EXITS if e in exits], targets


def kti_declarations(fn, node):
	"""Names declared by a simple statement (empty if it is not a
	declaration), as (name, name index, initializer range or None)."""
	toks = fn.toks
	i = node.start
	end = node.end
	saw_type = False
	while i < end and toks[i].kind == "id" and toks[i].text in KTI_TYPE_WORDS:
		if toks[i].text in ("struct", "union", "enum"):
			i += 1
		saw_type = True
		i += 1
	if not saw_type:
		if not (toks[i].kind == "id" and i + 1 < end and
			(toks[i + 1].kind == "id" or
			 (toks[i + 1].text == "*" and i + 2 < end and
			  toks[i + 2].kind == "id"))):
			return []
		if toks[i].text in KTI_KEYWORDS:
			return []
		i += 1
	decls = []
	while i < end:
		name = None
		depth = 0
		j = i
		while j < end:
			t = toks[j].text
			if t in ("(", "["):
				depth += 1
			elif t in (")", "]"):
				depth -= 1
			elif depth == 0 and t in (",", "="):
				break
			elif toks[j].kind == "id" and name is None and \
					t not in KTI_TYPE_WORDS and \
					(depth == 0 or toks[j - 1].text == "*"):
				name = j
			j += 1
		init = None
		if j < end and toks[j].text == "=":
			k = j + 1
			depth = 0
			while k < end:
				t = toks[k].text
				if t in ("(", "[", "{"):
					depth += 1
				elif t in (")", "]", "}"):
					depth -= 1
				elif t == "," and depth == 0:
					break
				k += 1
			init = (j + 1, k)
			j = k
		if name is not None:
			decls.append((toks[name].text, name, init))
		i = j + 1
	return decls


def kti_persistent_locals(fn, loop):
	"""Locals that carry state into, across or out of the loop, as a list
	of (name, simple, why)."""
	toks = fn.toks
	result = []
	for node, chain in fn.nodes:
		if node.kind != "simple" or node.start >= loop.start:
			continue
		if any(c.kind == "loop" for c in chain):
			continue
		for name, at, init in kti_declarations(fn, node):
			events = []
			addr = False
			complex_init = False
			if init is not None:
				events.append((at, "W"))
				if any(c not in KTI_PURE_CALLS
				       for c in fn.calls(init[0], init[1])):
					complex_init = True
			for j in range(node.end + 1, len(toks)):
				tok = toks[j]
				if tok.kind != "id" or tok.text != name:
					continue
				prev = toks[j - 1].text
				if prev in (".", "->"):
					continue
				nxt = toks[j + 1].text if j + 1 < len(toks) else ""
				if nxt == ":" and prev in (";", "{", "}"):
					continue
				if nxt == "=":
					k = j + 2
					depth = 0
					reads = False
					while k < len(toks):
						t = toks[k].text
						if t in ("(", "[", "{"):
							depth += 1
						elif t in (")", "]", "}"):
							if depth == 0:
								break
							depth -= 1
						elif t in (";", ",") and depth == 0:
							break
						elif t == name and toks[k - 1].text not in (".", "->"):
							reads = True
						k += 1
					events.append((j, "RW" if reads else "W"))
					if j < loop.start and any(
							c not in KTI_PURE_CALLS
							for c in fn.calls(j + 2, k)):
						complex_init = True
				elif nxt in KTI_ASSIGN_OPS or nxt in ("++", "--") or \
						prev in ("++", "--"):
					events.append((j, "RW"))
				elif prev == "&" and toks[j - 2].kind == "op" and \
						toks[j - 2].text not in (")", "]") and \
						nxt not in ("->", ".", "["):
					# Address taken: may be written through it.
					events.append((j, "A"))
					addr = True
				else:
					events.append((j, "R"))
			inside = [e for e in events if loop.start <= e[0] <= loop.end]
			if not inside:
				continue
			before = [e for e in events if e[0] < loop.start]
			after = [e for e in events if e[0] > loop.end]
			written_before = any(e[1] != "R" for e in before)
			written_in = any(e[1] in ("W", "RW") for e in inside)
			read_first = inside[0][1] != "W"
			read_after = any(e[1] != "W" for e in after)
			if written_in and read_first:
				result.append((name, False, "keeps '%s' across iterations" % name))
			elif written_in and read_after:
				result.append((name, False, "uses '%s' after the loop" % name))
			elif written_before and read_first:
				simple = not (complex_init or addr or len(
					[e for e in before if e[1] != "R"]) > 1)
				result.append((name, simple,
					       "sets up '%s' before the loop" % name))
	return result


def kti_loop_shape(fn, loop, kind, predicate, where):
	"""Shape of the main loop, with the care/manual reasons it implies."""
	manual = []
	care = []
	if kind == "freezable":
		shape = "freezable-should-stop"
	elif kind == "helper":
		shape = "stop-in-helper"
		manual.append("stops through helper '%s'" % predicate)
	elif kind == "custom":
		shape = "custom-stop-predicate"
		care.append("stops on custom predicate '%s'" % predicate)
	elif loop.what == "do" and where == "cond":
		shape = "do-while"
		care.append("do-while loop: the body runs once before the first "
			    "stop check")
	elif where == "cond":
		shape = "while-not-should-stop"
	else:
		shape = "infinite-with-stop-check"
	if loop.what == "goto":
		care.append(KTI_GOTO_LOOP_REASON)
	cond = [t.text for t in fn.toks[loop.cond[0]:loop.cond[1]]]
	if (where == "cond" and ("&&" in cond or "||" in cond)) or \
			(where == "body" and not fn.is_infinite(loop)):
		care.append("the loop condition tests more than the stop check")
	return shape, manual, care


def kti_main_loop(fn, found, others, stop_loops, tails):
	"""Facts about the main stop loop found = (node, chain, kind,
	predicate, where): shape, exits, persistent locals, sleep, reasons."""
	loop, _, kind, predicate, where = found
	shape, manual, care = kti_loop_shape(fn, loop, kind, predicate, where)
	exits, targets = kti_exits(fn, loop)
	if "break" in exits:
		care.append("leaves the loop with break")
	if "return" in exits:
		care.append("returns from inside the loop")
	for target in targets:
		manual.append("leaves the loop with goto %s" % target)
	if others:
		manual.append("%d separate loops check the stop condition"
			      % (len(others) + 1))
	for inner in stop_loops:
		if inner[0] is not loop and any(c is loop for c in inner[1]):
			manual.append("nested loop at line %d also checks the stop "
				      "condition" % fn.toks[inner[0].start].line)
			break
	if any(at > loop.end for at in tails):
		manual.append("waits for kthread_stop() after the loop")
	persistent = []
	for name, simple, why in kti_persistent_locals(fn, loop):
		persistent.append(name)
		if not simple:
			care.append(why)
	return {"loop": shape, "loop_line": fn.toks[loop.start].line,
		"stop_predicate": predicate, "exit": exits,
		"persistent_locals": persistent,
		"sleep": kti_features(kti_calls_with_helpers(fn, loop.start,
							     loop.end + 1))[3],
		"manual": manual, "care": care}


def kti_no_main_loop(fn, waits, helper_loops, stop_users):
	"""Facts about a thread function without a working stop loop."""
	facts = {"loop": "one-shot", "loop_line": None, "stop_predicate": None,
		 "exit": [], "persistent_locals": [], "manual": [], "care": []}
	infinite = [loop for loop, _ in fn.loops() if fn.is_infinite(loop)]
	if waits:
		facts.update(loop="wait-for-stop-tail",
			     loop_line=fn.toks[waits[0][0].start].line,
			     stop_predicate=waits[0][3])
		facts["manual"].append("does its work once, then waits for "
				       "kthread_stop()")
	elif helper_loops:
		at, name = helper_loops[0]
		facts.update(loop_line=fn.toks[at].line,
			     stop_predicate="kthread_should_stop")
		if stop_users[name]:
			facts["loop"] = "wait-for-stop-tail"
			facts["manual"].append("does its work once, then waits for "
					       "kthread_stop() in '%s'" % name)
		else:
			facts["loop"] = "stop-in-helper"
			facts["manual"].append("runs its stop loop in helper '%s'"
					       % name)
	elif infinite:
		facts["loop"] = "infinite-without-stop-check"
		facts["loop_line"] = fn.toks[infinite[0].start].line
		facts["manual"].append("loops forever without a stop check")
		if any(loop.what == "goto" for loop, _ in fn.loops()):
			facts["manual"].append(KTI_GOTO_LOOP_REASON)
	else:
		facts["manual"].append("no stop loop: the thread runs once and "
				       "returns")
	return facts


def kti_classify(path, tf, helpers, stop_users, svc_names):
	"""The threadfn facts of the thread function tf, plus "checkpoints":
	whether it calls any stop predicate or kthread checkpoint."""
	fn = kti_parsed(tf["pos"])
	fn.helpers = helpers
	toks = fn.toks
	all_calls = kti_calls_with_helpers(fn, 0, len(toks))
	freezer, parking, signals, sleep = kti_features(all_calls)
	stop_loops = kti_stop_loops(fn)
	outer = [s for s in stop_loops
		 if not any(c.kind == "loop" and any(c is o[0] for o in stop_loops)
			    for c in s[1])]
	work = [s for s in outer if not fn.is_wait_loop(s[0])]
	waits = [s for s in outer if fn.is_wait_loop(s[0])]
	# Calls of in-file functions that run a stop loop themselves.
	helper_loops = [(j, tok.text) for j, tok in enumerate(toks)
			if tok.kind == "id" and tok.text in stop_users and
			fn.text(j + 1) == "("]
	if work:
		tails = [w[0].start for w in waits] + [h[0] for h in helper_loops]
		facts = kti_main_loop(fn, work[0], work[1:], stop_loops, tails)
	else:
		facts = kti_no_main_loop(fn, waits, helper_loops, stop_users)
		facts["sleep"] = sleep
	manual = facts.pop("manual")
	care = facts.pop("care")
	if "kernel_dequeue_signal" in signals:
		manual.append("dequeues signals itself (kernel_dequeue_signal)")
	elif signals:
		care.append("uses signals (%s)" % ", ".join(signals))
	if parking:
		manual.append("parks (%s)" % ", ".join(parking))
	if tf["name"] in svc_names or \
			facts["stop_predicate"] == "svc_thread_should_stop":
		manual.append(KTI_SVC_REASON)
	if manual:
		verdict = "manual"
	elif care:
		verdict = "care"
	else:
		verdict = "auto"
		care.append("single %s loop left only through the stop check"
			    % facts["loop"])
	checkpoints = {"kthread_should_stop", "kthread_freezable_should_stop",
		       "svc_thread_should_stop"} | set(helpers)
	return {"loop": facts["loop"], "loop_line": facts["loop_line"],
		"stop_predicate": facts["stop_predicate"], "freezer": freezer,
		"parking": parking, "signals": signals, "sleep": facts["sleep"],
		"exit": facts["exit"],
		"persistent_locals": facts["persistent_locals"],
		"verdict": verdict, "reasons": manual + care,
		"checkpoints": bool(stop_loops or helper_loops or parking or
				    set(all_calls) & checkpoints)}


def kti_pos(p):
	"""The position fields every fact starts with."""
	return {"file": p.file, "line": int(p.line), "col": int(p.column),
		"end_col": int(p.column_end)}


def kti_arg(text):
	"""Classify the threadfn argument of a creation call: (arg, kind)."""
	text = re.sub(r"\s+", " ", text.strip())
	bare = re.sub(r"^\(\s*[\w\s]*\*?\s*\)\s*", "", text)
	bare = re.sub(r"^&\s*", "", bare)
	if re.match(r"^[A-Za-z_]\w*$", bare):
		return bare, "function"
	if re.match(r"^[\w\s]*(->|\.)[\w\s\->.]*$", bare):
		return text.replace(" ", ""), "field"
	return text, "other"


def kti_add_create(p, creator, arg, thread_kind):
	"""Record a creation call at p whose threadfn argument is arg."""
	name, kind = kti_arg(arg)
	if kind == "function" and name not in kti_names(p.file) and \
			kti_is_local(p, name):
		kind = "other"
	kti["creates"].append({
		"pos": p, "creator": creator, "via": None, "arg": name,
		"arg_kind": kind, "param_index": None,
		"in_function": p.current_element, "thread_kind": thread_kind})


class KtiPos:
	"""A position found in the file text, shaped like a spatch one."""

	def __init__(self, path, line, col, end_col):
		self.file = path
		self.line = self.line_end = str(line)
		self.column = str(col)
		self.column_end = str(end_col)
		self.current_element = ""


def kti_text_threadfns():
	"""Add the "int f(void *__unused)" definitions that spatch missed,
	from the text of the files of the group."""
	paths = set(c["pos"].file for c in kti["creates"])
	paths.update(where for (where, _, _) in kti["threadfns"])
	for path in sorted(paths):
		text = kti_text(path)
		known = kti_names(path)
		for m in KTI_ATTR_PARAM_RE.finditer(text):
			name = m.group("name")
			if name in known:
				continue
			at = m.start("name")
			line = text.count("\n", 0, at) + 1
			col = at - (text.rfind("\n", 0, at) + 1)
			p = KtiPos(path, line, col, col + len(name))
			kti["threadfns"][(path, line, name)] = {"pos": p, "name": name}
			if "static" in m.group("head").split():
				kti["statics"].add((path, line, col))


def kti_names(path):
	"""Names of the int f(void *) functions defined in a file."""
	return set(name for (where, _, name) in kti["threadfns"] if where == path)


def kti_is_local(p, name):
	"""Whether name is declared as a local variable of the function that
	makes the call at p.  Looks back from the call to the opening brace of
	the function body (a '{' in column 0, kernel style) for a declarator
	of name, such as "int (*name)(void *)" or "threadfn_t name = ...".
	"""
	lines = kti_text(p.file).split("\n")[:int(p.line)]
	start = len(lines) - 1
	while start > 0 and not lines[start].startswith("{"):
		start -= 1
	body = "\n".join(lines[start:])
	word = re.escape(name)
	if re.search(r"\(\s*\*\s*" + word + r"\s*\)\s*\(", body):
		return True
	for m in re.finditer(r"^\s*([A-Za-z_][\w\s]*?)[\s*]+" + word +
			     r"\s*[=;,\[]", body, re.M):
		if m.group(1).split()[0] not in KTI_KEYWORDS:
			return True
	return False


def kti_is_create_arg(name):
	"""Whether name is the threadfn argument of a kthread creation call
	of the current file (a wrapper parameter candidate)."""
	return any(c["arg"] == name and c["via"] is None
		   for c in kti["creates"])


def kti_is_wrapper(name):
	"""Whether name is an in-file wrapper of a kthread creator."""
	return any(w == name for (_, w) in kti["wrappers"])


def kti_calls_stop(name):
	"""Whether a function of that name calls a stop predicate.  A
	constraint does not see the file, so this is by name within the file
	group; kti_add_stop_fn() checks the file."""
	return any(fn == name for (_, fn) in kti["stop_callers"])


def kti_add_stop_fn(p, name):
	"""A function that calls kthread_should_stop(): a stop helper when it
	returns its value, else a stop user (maybe a wait_to_die() helper)."""
	key = (p.file, name)
	if key not in kti["stop_callers"] or name in kti_names(p.file):
		return
	if key in kti["stop_returners"]:
		kti["stop_helpers"][key] = p
	else:
		kti["stop_users"][key] = p


def kti_add_smpboot_comm(struct, comm):
	"""thread_comm of an smpboot initializer, without the C quotes."""
	comm = comm.strip()
	if comm[:1] == chr(34) and comm[-1:] == chr(34):
		comm = comm[1:-1]
	for smp in kti["smpboot"]:
		if smp["struct"] == struct:
			smp["thread_comm"] = comm


def kti_add_call(p, creator, args):
	"""A call to a creator: pick its threadfn argument.  svc_create() and
	svc_create_pooled() take it last; a call with another number of
	arguments is some other function of the same name."""
	if creator in KTI_CREATORS and args:
		kti_add_create(p, creator, args[0], "kthread")
	elif creator in KTI_SVC_CREATORS and \
			len(args) == KTI_SVC_CREATORS[creator]:
		kti_add_create(p, creator, args[-1], "svc")


def kti_add_wrapper(p, wrapper, index, param):
	"""wrapper passes its parameter number index, param, as the threadfn
	of a creation call: that call's argument is a "param"."""
	found = False
	for create in kti["creates"]:
		if create["pos"].file == p.file and create["arg"] == param and \
				create["in_function"] == wrapper and \
				create["thread_kind"] == "kthread" and \
				create["via"] is None:
			create["arg_kind"] = "param"
			create["param_index"] = int(index)
			found = True
	if found:
		kti["wrappers"][(p.file, wrapper)] = int(index)


def kti_add_wrapper_call(p, wrapper, args):
	"""A call of an in-file wrapper: a creation call through it."""
	index = kti["wrappers"].get((p.file, wrapper))
	if index is None or index >= len(args) or p.current_element == wrapper:
		return
	kti_add_create(p, wrapper, args[index], "kthread")
	kti["creates"][-1]["via"] = wrapper


def kti_stop_loop_helpers():
	"""In-file functions (not thread functions) that run a stop loop, by
	file: name -> True when they only wait for kthread_stop()."""
	helpers = {}
	for (path, name), p in kti["stop_users"].items():
		fn = kti_parsed(p)
		loops = kti_stop_loops(fn)
		if loops:
			helpers.setdefault(path, {})[name] = all(
				fn.is_wait_loop(loop[0]) for loop in loops)
	return helpers


def kti_threadfn_results(facts, reports):
	"""threadfn facts, and report lines for the real thread functions."""
	stop_helpers = {}
	for (path, name) in kti["stop_helpers"]:
		stop_helpers.setdefault(path, set()).add(name)
	used = {}
	svc_names = set()
	for create in kti["creates"]:
		if create["arg_kind"] == "function":
			used.setdefault(create["pos"].file, set()).add(create["arg"])
			if create["thread_kind"] == "svc":
				svc_names.add(create["arg"])
	for smp in kti["smpboot"]:
		used.setdefault(smp["pos"].file, set()).add(smp["thread_fn"])
	loop_helpers = kti_stop_loop_helpers()
	for (path, _, name), tf in sorted(kti["threadfns"].items()):
		info = kti_classify(path, tf, stop_helpers.get(path, set()),
				    loop_helpers.get(path, {}), svc_names)
		in_file = name in used.get(path, set())
		checkpoints = info.pop("checkpoints")
		fact = {"kind": "threadfn"}
		fact.update(kti_pos(tf["pos"]))
		fact.update({"name": name,
			     "static": (path, int(tf["pos"].line),
					int(tf["pos"].column)) in kti["statics"],
			     "used_in_file": in_file})
		fact.update(info)
		facts.append((tf["pos"], fact))
		if in_file or checkpoints:
			kind = "svc" if KTI_SVC_REASON in info["reasons"] else "kthread"
			reports.append((tf["pos"], "%s thread function %s: %s, %s: %s"
					% (kind, name, info["loop"], info["verdict"],
					   "; ".join(info["reasons"]))))


def kti_create_results(facts, reports):
	"""create facts, and report lines for the creation calls whose thread
	function is not resolved in the file."""
	called_wrappers = set((c["pos"].file, c["via"]) for c in kti["creates"]
			      if c["via"])
	for create in kti["creates"]:
		p = create["pos"]
		fact = {"kind": "create"}
		fact.update(kti_pos(p))
		fact.update((k, v) for k, v in create.items() if k != "pos")
		facts.append((p, fact))
		kind = create["arg_kind"]
		if kind == "function":
			if create["arg"] in kti_names(p.file):
				continue
			msg = "%s() starts %s, not defined as int %s(void *) in " \
				"this file" % (create["creator"], create["arg"],
					       create["arg"])
		elif kind == "param":
			if (p.file, create["in_function"]) in called_wrappers:
				continue
			msg = "%s() in wrapper %s starts its parameter %s" \
				% (create["creator"], create["in_function"],
				   create["arg"])
		else:
			msg = "%s() starts thread function %s, not resolved here" \
				% (create["creator"], create["arg"])
		reports.append((p, msg))


def kti_smpboot_results(facts, reports):
	"""smpboot facts and report lines."""
	for smp in kti["smpboot"]:
		fact = {"kind": "smpboot"}
		fact.update(kti_pos(smp["pos"]))
		fact.update({"struct": smp["struct"], "thread_fn": smp["thread_fn"],
			     "thread_comm": smp["thread_comm"]})
		facts.append((smp["pos"], fact))
		reports.append((smp["pos"], "smpboot thread %s runs %s: the "
				"smpboot core owns its loop"
				% (smp["struct"], smp["thread_fn"])))


def kti_results():
	"""Facts and report messages of the current file group, each a list
	of (position, fact or message) sorted by position; computed once for
	all output modes."""
	if kti["done"] is not None:
		return kti["done"]
	facts = []
	reports = []
	for (path, name), p in kti["stop_helpers"].items():
		facts.append((p, {"kind": "stop_helper", "file": p.file,
				  "line": int(p.line), "name": name}))
	kti_text_threadfns()
	kti_threadfn_results(facts, reports)
	kti_create_results(facts, reports)
	kti_smpboot_results(facts, reports)

	def order(item):
		p = item[0]
		return (p.file, int(p.line), int(p.column))

	facts.sort(key=order)
	reports.sort(key=order)
	kti["done"] = (facts, reports)
	return kti["done"]

// ---------------------------------------------------------------------
// Detection rules (report, org and facts modes)

@kti_fn depends on report || org || facts@
identifier fn, arg;
position p;
@@

int fn@p(void *arg) { ... }

@script:python@
fn << kti_fn.fn;
p << kti_fn.p;
@@

kti["threadfns"][(p[0].file, int(p[0].line), fn)] = {"pos": p[0], "name": fn}

@kti_static depends on kti_fn@
identifier fn, arg;
position p;
@@

static int fn@p(void *arg) { ... }

@script:python@
p << kti_static.p;
@@

kti["statics"].add((p[0].file, int(p[0].line), int(p[0].column)))

@kti_callee depends on kti_fn@
identifier h : script:python () { kti_is_callee(h) };
type T;
position p;
@@

T h@p(...) { ... }

@script:python@
h << kti_callee.h;
p << kti_callee.p;
@@

kti["callees"][(p[0].file, h)] = p[0]

@kti_create depends on report || org || facts@
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

kti_add_call(p[0], creator, [str(arg) for arg in args.elements])

@kti_wrapper depends on kti_create@
identifier wrapper;
identifier fp : script:python () { kti_is_create_arg(fp) };
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

kti_add_wrapper(p[0], wrapper, n, fp)

@kti_wrapper_call depends on kti_wrapper@
identifier wrapper : script:python () { kti_is_wrapper(wrapper) };
expression list args;
position p;
@@

wrapper@p(args)

@script:python@
wrapper << kti_wrapper_call.wrapper;
args << kti_wrapper_call.args;
p << kti_wrapper_call.p;
@@

kti_add_wrapper_call(p[0], wrapper, [str(arg) for arg in args.elements])

@kti_smpboot depends on report || org || facts@
identifier s, fn;
position p;
@@

struct smp_hotplug_thread s@p = { ..., .thread_fn = fn, ... };

@script:python@
s << kti_smpboot.s;
fn << kti_smpboot.fn;
p << kti_smpboot.p;
@@

kti["smpboot"].append({"pos": p[0], "struct": s, "thread_fn": fn,
		       "thread_comm": None})

@kti_smpboot_comm depends on kti_smpboot@
identifier kti_smpboot.s;
expression comm;
@@

struct smp_hotplug_thread s = { ..., .thread_comm = comm, ... };

@script:python@
s << kti_smpboot.s;
comm << kti_smpboot_comm.comm;
@@

kti_add_smpboot_comm(s, comm)

@kti_stop_call depends on report || org || facts@
identifier pred = {kthread_should_stop, kthread_freezable_should_stop};
position p;
@@

pred@p(...)

@script:python@
p << kti_stop_call.p;
@@

kti["stop_callers"].add((p[0].file, p[0].current_element))

@kti_stop_return depends on kti_stop_call@
identifier pred = {kthread_should_stop, kthread_freezable_should_stop};
position p;
@@

return <+... pred@p(...) ...+>;

@script:python@
p << kti_stop_return.p;
@@

kti["stop_returners"].add((p[0].file, p[0].current_element))

@kti_stop_fn depends on kti_stop_call@
identifier h : script:python () { kti_calls_stop(h) };
type T;
position p;
@@

T h@p(...) { ... }

@script:python@
h << kti_stop_fn.h;
p << kti_stop_fn.p;
@@

kti_add_stop_fn(p[0], h)

// ---------------------------------------------------------------------
// Output, once per file (group)

@script:python depends on report@
@@

for p, msg in kti_results()[1]:
	coccilib.report.print_report(p, msg)

@script:python depends on org@
@@

for p, msg in kti_results()[1]:
	coccilib.org.print_todo(p, msg)

@script:python depends on facts@
@@

for p, fact in kti_results()[0]:
	print("KTI-FACT " + json.dumps(fact, separators=(",", ":")))

@script:python@
@@

kti.clear()
kti.update(kti_new_state())

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
