# SPDX-License-Identifier: GPL-2.0
"""Build the text that replaces a legacy thread function: the context structure, the
init/func/destroy callbacks and the const description.

Statements are moved as text, line by line, guided by the toolkit's token extents: the code
before the loop goes to init, the loop body to func (one tab less), the code after the loop
to destroy.  Jumps, renamed locals and removed checkpoints are text edits on the original
file, applied before the lines are cut out.  Nothing here decides a rule: anatomy, hazards
and state have decided; this module only writes.
"""
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from . import ctree
from .anatomy import Anatomy, ExitKind, Jump, Shape, TopMode
from .model import Reason, Refusal
from .state import (DESTROY, FUNC, INIT, Fate, Local, State, constant, ctx_macro,
                    ctx_macro_call, occurrences)

MAX_COLUMNS = 100


@dataclass(frozen=True)
class Names:
    init: str
    func: str
    destroy: str
    kti: str
    ctx_struct: str
    ctx_var: str


@dataclass
class Edits:
    """Replacements on the original file text, by offset."""
    items: List[Tuple[int, int, str]] = field(default_factory=list)

    def add(self, start: int, end: int, text: str) -> None:
        self.items.append((start, end, text))

    def apply(self, text: str, start: int, end: int) -> str:
        """text[start:end] with the edits that fall inside applied.  An edit inside one
        that rewrites a larger range is superseded by it."""
        out = []
        at = start
        for a, b, new in sorted(self.items, key=lambda e: (e[0], -e[1])):
            if a < start or b > end:
                continue
            if a < at:
                if b <= at:
                    continue
                raise Refusal(Reason.SELF_CHECK, "overlapping edits at offset %d" % a)
            out.append(text[at:a])
            out.append(new)
            at = b
        out.append(text[at:end])
        return "".join(out)


@dataclass
class Emitted:
    text: str                     # replacement of anat.def_start..anat.def_end
    callbacks: Dict[str, bool]    # which of init/func/destroy exist
    record: dict                  # what the round trip needs
    ctx_fields: List[str]


class Writer:
    def __init__(self, anat: Anatomy, state: State, names: Names):
        self.anat = anat
        self.fn = anat.fn
        self.text = anat.fn.text
        self.state = state
        self.names = names
        self.edits = Edits()
        self.exit_record: List[dict] = []
        self.starts = self.fn.starts

    # Lines ---------------------------------------------------------------------------

    def line_of(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1

    def line_start(self, line: int) -> int:
        return self.starts[line - 1]

    def line_text(self, line: int) -> str:
        start = self.starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start:end if end >= 0 else len(self.text)]

    def indent_of(self, offset: int) -> str:
        line = self.line_text(self.line_of(offset))
        return line[:len(line) - len(line.lstrip(" \t"))]

    def alone(self, node) -> Tuple[int, int]:
        """Line range of a statement that must occupy whole lines (trailing comments
        allowed)."""
        first, last = self.fn.toks[node.start], self.fn.toks[node.end]
        before = self.text[self.line_start(first.line):first.start]
        after = self.line_text(last.line)[last.col + len(last.text):].strip()
        if before.strip() or after and not (after.startswith("/*") and after.endswith("*/")
                                            or after.startswith("//")):
            raise Refusal(Reason.LAYOUT, "'%s' shares its line"
                          % " ".join(self.fn.texts(node.start, node.end + 1))[:40])
        return first.line, last.line

    def remove_lines(self, node) -> None:
        first, last = self.alone(node)
        self.edits.add(self.line_start(first), self.line_start(last + 1), "")

    # Edits -------------------------------------------------------------------------------

    def rename_edits(self) -> None:
        """x -> ctx->x for every context field, everywhere in the body (edits inside a
        statement that is rewritten as a whole are superseded by it)."""
        fn = self.fn
        for loc in self.state.locals:
            if loc.fate is not Fate.CTX:
                continue
            for i in occurrences(fn, fn.body_open, len(fn.toks), loc.name):
                tok = fn.toks[i]
                self.edits.add(tok.start, tok.end, "%s->%s" % (self.names.ctx_var, loc.name))

    def exit_edits(self) -> None:
        for jump in sorted(self.anat.jumps, key=lambda j: j.node.start):
            self.exit_record.append(self.exit_edit(jump))

    def exit_edit(self, jump: Jump) -> dict:
        fn = self.fn
        node = jump.node
        first, last = fn.toks[node.start], fn.toks[node.end]
        rec = {"kind": jump.kind.value, "words": fn.texts(node.start, node.end + 1),
               "form": "stop" if jump.needs_stop_call else "return", "wrapped": False,
               "braced_other": False}
        if jump.kind is ExitKind.CONTINUE and self.next_label:
            # the next iteration starts with the rotated statements at the end of func
            rec["form"] = "next"
            self.edits.add(first.start, last.end, "goto %s;" % self.next_label)
            return rec
        if not jump.needs_stop_call:
            self.edits.add(first.start, last.end, "return;")
            return rec
        stop = "kthread_stop_current();"
        if jump.parent is None:
            self.alone(node)
            ind = self.indent_of(first.start)
            self.edits.add(first.start, last.end, "%s\n%sreturn;" % (stop, ind))
            return rec
        parent = jump.parent
        if parent.kind != "if":
            raise Refusal(Reason.LAYOUT, "exit as the body of a loop without braces")
        rec["wrapped"] = True
        pind = self.indent_of(fn.toks[parent.start].start)
        if jump.arm == "orelse":
            else_tok = fn.toks[node.start - 1]
            pind = self.indent_of(else_tok.start)
        prev = fn.toks[node.start - 1]
        ind = pind + "\t"
        self.edits.add(prev.end, last.end, " {\n%s%s\n%sreturn;\n%s}" % (ind, stop, ind, pind))
        if jump.arm == "body" and parent.orelse is not None:
            else_tok = fn.toks[parent.orelse.start - 1]
            self.edits.add(last.end, else_tok.start, " ")
            if parent.orelse.kind == "if":
                raise Refusal(Reason.LAYOUT, "exit in an else-if chain without braces")
            if parent.orelse.kind != "block":
                rec["braced_other"] = True
                self._brace(else_tok, parent.orelse, pind)
        elif jump.arm == "orelse" and parent.body.kind != "block":
            rec["braced_other"] = True
            close = fn.toks[parent.cond[1]]
            body_last = fn.toks[parent.body.end]
            else_tok = fn.toks[parent.orelse.start - 1]
            self.edits.add(close.end, close.end, " {")
            self.edits.add(body_last.end, else_tok.start, "\n%s} " % pind)
        return rec

    def _brace(self, before, arm, pind: str) -> None:
        last = self.fn.toks[arm.end]
        self.edits.add(before.end, before.end, " {")
        self.edits.add(last.end, last.end, "\n%s}" % pind)

    def removal_edits(self) -> None:
        anat = self.anat
        for _, node in anat.leading:
            self.remove_lines(node)
        for node in anat.set_freezable:
            self.remove_lines(node)
        if anat.final_return is not None:
            self.remove_lines(anat.final_return)
        if anat.after_label is not None:
            self.remove_lines(anat.after_label)
        stop = anat.stop
        if stop is None:
            return
        if stop.mode is TopMode.TRANSPARENT:
            if stop.handler:
                self.rewrite_transparent_check()
        else:
            self.remove_lines(stop.node)
        for node in stop.handler:
            self.alone(node)

    def rewrite_transparent_check(self) -> None:
        """The stop check stays in func without its handler (moved to destroy)."""
        fn = self.fn
        node = self.anat.stop.node
        first, _ = self.alone(node)
        ind = self.indent_of(fn.toks[node.start].start)
        cond = self.edits.apply(self.text, fn.toks[node.cond[0]].start,
                                fn.toks[node.cond[1] - 1].end)
        if self.anat.stop.extra is None:
            new = "if (%s)\n%s\treturn;" % (cond, ind)
            form = "return"
        else:
            new = "if (%s) {\n%s\tkthread_stop_current();\n%s\treturn;\n%s}" % (
                cond, ind, ind, ind)
            form = "stop"
        self.transparent_form = form
        self.edits.add(fn.toks[node.start].start, fn.toks[node.end].end, new)

    # Regions -----------------------------------------------------------------------------

    def lines_text(self, first: int, last: int) -> List[str]:
        """Edited text of whole lines first..last, as lines."""
        if last < first:
            return []
        start = self.line_start(first)
        end = self.line_start(last + 1) if last < len(self.starts) else len(self.text)
        text = self.edits.apply(self.text, start, end)
        if text.endswith("\n"):
            text = text[:-1]
        return text.split("\n")

    def node_lines(self, nodes: list) -> Tuple[int, int]:
        return self.fn.toks[nodes[0].start].line, self.fn.toks[nodes[-1].end].line

    def loop_lines(self) -> Tuple[int, int, int, int]:
        """(first line of the loop, line of its body '{', line of its body '}', last)."""
        fn = self.fn
        loop = self.anat.loop
        first = fn.toks[loop.start]
        if self.text[self.line_start(first.line):first.start].strip():
            raise Refusal(Reason.LAYOUT, "loop does not start its line")
        if loop.body.kind != "block":
            first_line, last_line = self.alone(loop.body)
            if first_line == first.line:
                raise Refusal(Reason.LAYOUT, "loop body on the loop's line")
            return first.line, first_line - 1, last_line + 1, last_line
        open_tok, close_tok = fn.toks[loop.body.start], fn.toks[loop.body.end]
        rest = self.line_text(open_tok.line)[open_tok.col + 1:].strip()
        if rest and not (rest.startswith("/*") and rest.endswith("*/") or
                         rest.startswith("//")):
            raise Refusal(Reason.LAYOUT, "code after the loop's opening brace")
        if self.text[self.line_start(close_tok.line):close_tok.start].strip():
            raise Refusal(Reason.LAYOUT, "code before the loop's closing brace")
        last = fn.toks[loop.end]
        tail = self.line_text(last.line)[last.col + len(last.text):].strip()
        if tail and not (tail.startswith("/*") and tail.endswith("*/") or
                         tail.startswith("//")):
            raise Refusal(Reason.LAYOUT, "code after the loop")
        return first.line, open_tok.line, close_tok.line, last.line

    # Declarations --------------------------------------------------------------------------

    def declaration(self, loc: Local, with_init: bool) -> str:
        base = loc.base
        init = ""
        if with_init and loc.init is not None:
            init = " = " + self.init_text(loc)
        return "%s %s%s;" % (base, loc.declarator, init)

    def init_text(self, loc: Local) -> str:
        fn = self.fn
        return self.edits.apply(self.text, fn.toks[loc.init[0]].start,
                                fn.toks[loc.init[1] - 1].end)

    def field(self, loc: Local) -> str:
        if loc.macro:
            return "%s %s;" % (ctx_macro(loc)[0], loc.name)
        base = loc.base
        words = base.split()
        if "*" not in loc.declarator:
            words = [w for w in words if w != "const"]
        words = [w for w in words if w not in ("static", "__maybe_unused")]
        declarator = re.sub(r"\s*\b__maybe_unused\b", "", loc.declarator)
        return "%s %s;" % (" ".join(words), declarator)

    def stmt_text(self, loc: Local) -> str:
        return self.fn.text[self.fn.toks[loc.stmt.start].start:self.fn.toks[loc.stmt.end].end]

    def decls_for(self, place: str) -> List[str]:
        """Declarations a callback needs at its top, in the original order."""
        out = []
        uses_ctx = self.uses_ctx(place)
        if uses_ctx:
            out.append("struct %s *%s = kthread_iterant_ctx();"
                       % (self.names.ctx_struct, self.names.ctx_var))
        for loc in self.state.locals:
            if place not in loc.places or loc.fate in (Fate.CTX, Fate.DROPPED):
                continue
            if place == INIT:
                continue   # kept in place in the code before the loop
            if loc.macro:
                out.append(self.stmt_text(loc))
                continue
            out.append(self.declaration(loc, place in loc.keep_init))
        return out

    def uses_ctx(self, place: str) -> bool:
        return self._ctx_used.get(place, False)

    # Assembly ------------------------------------------------------------------------------

    def build(self) -> Emitted:
        anat = self.anat
        fn = self.fn
        self.transparent_form = None
        self.exit_after_decls = 0
        self.next_label = self.choose_label()
        first, open_line, close_line, last = self.loop_lines()
        self.rename_edits()
        self.exit_edits()
        self.removal_edits()
        body_first, body_last = open_line + 1, close_line - 1
        fn_open = fn.toks[fn.body_open].line
        fn_close = fn.toks[-1].line
        if self.text[self.line_start(fn_close):fn.toks[-1].start].strip():
            raise Refusal(Reason.LAYOUT, "function's closing brace shares its line")

        # init: declarations block, assignments, the rest before the loop
        above = self.comment_above(fn_open + 1, first - 1)
        pre_decl, pre_rest = self.pre_parts(fn_open + 1, first - 1 - len(above))
        func_lines = above + self.with_first_exit(self.func_body(body_first, body_last))
        func_lines += self.helper_test()
        post_lines = self.lines_text(last + 1, fn_close - 1)
        handler = []
        if anat.stop is not None and anat.stop.handler:
            handler = self.lines_text(*self.node_lines(anat.stop.handler))
            handler = dedent(handler, 2)
            post_lines = handler + post_lines
        rotated = []
        if anat.stop is not None and anat.stop.mode is TopMode.ROTATED:
            rotated = dedent(self.lines_text(*self.node_lines(anat.prefix)), 1)
        do_call = ["\t%s(%s);" % (self.names.func, anat.param)] \
            if anat.shape is Shape.DO_WHILE else []

        texts = {INIT: "\n".join(pre_decl + pre_rest + rotated),
                 FUNC: "\n".join(func_lines),
                 DESTROY: "\n".join(post_lines)}
        ctx_token = "%s->" % self.names.ctx_var
        self._ctx_used = {p: ctx_token in t for p, t in texts.items()}
        first_test = self.helper_test() if anat.shape is Shape.WHILE else []
        init_stmts = clean(pre_rest + rotated + first_test + do_call)
        init_decls = self.decls_for(INIT)
        pre_decl = clean(pre_decl)
        init_text = "\n".join(pre_decl + init_stmts)
        has_init = bool(ctree.tokenize(init_text)) or bool(init_decls and init_stmts)
        out: List[str] = []
        if not has_init and init_text.strip():
            # only directives or comments before the loop (a #define): they go in front
            # of the callbacks, where they still come before any use
            out += dedent([l for l in clean(pre_decl + init_stmts)], 1) + [""]
        callbacks = {INIT: has_init, FUNC: True, DESTROY: bool(clean(post_lines))}
        fields = [self.field(loc) for loc in self.state.ctx_fields()]
        if fields:
            out += ["struct %s {" % self.names.ctx_struct] + ["\t" + f for f in fields] + \
                ["};", ""]
        head = "static "
        if has_init:
            if do_call:
                # init runs the first iteration: func must be declared before it
                out += ["%s(%s);" % (self.callback_head("void", self.names.func),
                                     anat.param_text), ""]
            body = join_decls(["\t" + d for d in init_decls] + pre_decl, init_stmts)
            out += ["%s(%s)" % (self.callback_head("int", self.names.init), anat.param_text),
                    "{"] + body
            out += ([""] if body else []) + ["\treturn 0;", "}", ""]
        func_decls = ["\t" + d for d in self.decls_for(FUNC)]
        out += ["%s(%s)" % (self.callback_head("void", self.names.func), anat.param_text), "{"]
        out += join_decls(func_decls, clean(func_lines)) + ["}", ""]
        if callbacks[DESTROY]:
            out += ["%s(%s)" % (self.callback_head("void", self.names.destroy),
                                anat.param_text), "{"]
            out += join_decls(["\t" + d for d in self.decls_for(DESTROY)], clean(post_lines))
            out += ["}", ""]
        if not anat.static:
            head = ""
        out += ["%sconst struct kthread_iterant %s%s = {"
                % (head, self.names.kti, " __initconst" if "__init" in anat.head_words else "")]
        if not anat.freezable:
            out.append("\t.type = KTI_NONFREEZABLE,")
        if fields:
            out.append("\t.ctx_size = sizeof(struct %s)," % self.names.ctx_struct)
        if has_init:
            out.append("\t.init = %s," % self.names.init)
        out.append("\t.func = %s," % self.names.func)
        if callbacks[DESTROY]:
            out.append("\t.destroy = %s," % self.names.destroy)
        out.append("};")
        for line in out:
            if len(line.expandtabs(8)) > MAX_COLUMNS and not self._was_long(line):
                raise Refusal(Reason.LONG_LINE, line.strip()[:60])
        record = self.record(callbacks, fields)
        return Emitted("\n".join(out), callbacks, record, fields)

    def callback_head(self, kind: str, name: str) -> str:
        """A callback's definition up to its name: static, the legacy function's
        attributes in their order, its return type."""
        words = [kind if w == "int" else w for w in self.anat.head_words]
        if "static" not in words:
            words.insert(0, "static")
        return " ".join(words + [name])

    def choose_label(self) -> Optional[str]:
        """The label the continues of a rotated loop jump to (None when not needed)."""
        anat = self.anat
        if anat.stop is None or anat.stop.mode is not TopMode.ROTATED or not any(
                j.kind is ExitKind.CONTINUE for j in anat.jumps):
            return None
        words = {t.text for t in self.fn.toks}
        for name in ("next", "next_iteration"):
            if name not in words:
                return name
        n = 2
        while "next_iteration%d" % n in words:
            n += 1
        return "next_iteration%d" % n

    def _was_long(self, line: str) -> bool:
        """A line already too long in the legacy code (moved, not made longer)."""
        return line.strip() in self.text and self.names.ctx_var + "->" not in line

    def func_start(self) -> List[str]:
        """The exit for the loop condition's other tests or the stop check's other
        disjuncts, as the first statement of func."""
        anat = self.anat
        fn = self.fn
        if anat.extra_cond is not None:
            a, b = anat.extra_cond
            cond = self.edits.apply(self.text, fn.toks[a].start, fn.toks[b - 1].end)
            return exit_if(negate(cond))
        stop = anat.stop
        if stop is not None and stop.extra is not None and \
                stop.mode is not TopMode.TRANSPARENT:
            parts = [self.edits.apply(self.text, fn.toks[a].start, fn.toks[b - 1].end)
                     for a, b in stop.extra_ranges]
            return exit_if(" || ".join(p.strip() for p in parts))
        return []

    def helper_test(self) -> List[str]:
        """For a loop on `!H()` with H() = `T() || kthread_should_stop()`: the test of T()
        that ends func (and, for a while loop, init), so that T() and then the core's stop
        test run where the loop condition ran them."""
        helper = self.anat.helper
        if helper is None:
            return []
        return ["", "\tif (%s)" % "".join(helper.test), "\t\tkthread_stop_current();"]

    def pre_parts(self, first: int, last: int) -> Tuple[List[str], List[str]]:
        """The code before the loop: (declaration block, statements).  Declarations of
        context fields become assignments placed after the declaration block."""
        anat = self.anat
        fn = self.fn
        locals_by_stmt: Dict[int, List[Local]] = {}
        for loc in self.state.locals:
            locals_by_stmt.setdefault(id(loc.stmt), []).append(loc)
        leading = []
        for node in anat.pre:
            if id(node) not in locals_by_stmt:
                break
            leading.append(node)
        assignments: List[str] = []
        for node in anat.pre:
            group = locals_by_stmt.get(id(node))
            if group is None:
                continue
            a, b = self.alone(node)
            kept = [loc for loc in group if INIT in loc.places]
            assigns = []
            for loc in group:
                if loc.fate is Fate.CTX and loc.macro:
                    call = ctx_macro_call(list(loc.macro_words), loc.name,
                                          "%s->%s" % (self.names.ctx_var, loc.name))[1]
                    assigns.append("%s(%s%s);" % (call[0], "".join(call[2:4]),
                                                  "".join(w + " " if w == "," else w
                                                          for w in call[4:-2])))
                elif loc.fate is Fate.CTX and loc.init is not None and not loc.zero_init:
                    assigns.append("%s->%s = %s;" % (self.names.ctx_var, loc.name,
                                                     self.init_text(loc)))
                elif loc.fate is Fate.DROPPED and loc.keep_init:
                    assigns.append("%s;" % self.init_text(loc))
            if len(kept) == len(group) and not assigns:
                continue   # the statement stays as written
            ind = self.indent_of(fn.toks[node.start].start)
            new = []
            if kept and len(kept) == len(group):
                new.append(self.stmt_text(group[0]))
            else:
                new.extend(self.declaration(loc, True) for loc in kept)
            if node in leading:
                assignments.extend(ind + s for s in assigns)
            else:
                new.extend(assigns)
            text = ("\n" + ind).join(new)
            self.edits.add(self.line_start(a), self.line_start(b + 1),
                           ind + text + "\n" if text else "")
        if leading:
            split = fn.toks[leading[-1].end].line
            return self.lines_text(first, split), assignments + self.lines_text(split + 1, last)
        return [], assignments + self.lines_text(first, last)

    def comment_above(self, first: int, last: int) -> List[str]:
        """Comment lines right above the loop (no blank line between): they describe the
        loop and go to the top of func."""
        lines: List[str] = []
        line = last
        while line >= first:
            text = self.line_text(line).strip()
            if not text or not (text.startswith(("/*", "*", "//")) or text.endswith("*/")):
                break
            lines.insert(0, self.line_text(line))
            line -= 1
        while lines and not lines[0].strip().startswith(("/*", "//")):
            lines.pop(0)   # not the start of a comment: keep the whole comment in init
        return lines

    def with_first_exit(self, func_lines: List[str]) -> List[str]:
        """func's lines with the exit for the loop condition's other tests: after the
        declarations the body starts with when their initializers are constants (they then
        change nothing by running first), else first."""
        first = self.func_start()
        if not first:
            return func_lines
        body = ctree.children(self.anat.loop.body)
        decls = []
        for node in body:
            if node.kind != "decl" or self.anat.stop is not None:
                break
            if any(init is not None and not constant(self.fn.texts(*init))
                   for _, _, init in node.decls):
                break
            decls.append(node)
        if not decls:
            return first + func_lines
        end_line = self.fn.toks[decls[-1].end].line
        count = end_line - self.fn.toks[self.anat.loop.body.start].line
        self.exit_after_decls = len(decls)
        return func_lines[:count] + [""] + first + func_lines[count:]

    def func_body(self, first: int, last: int) -> List[str]:
        anat = self.anat
        if anat.loop.body.kind != "block" and \
                self.fn.texts(anat.loop.body.start, anat.loop.body.end + 1) == [";"]:
            return []   # an empty statement as the loop body
        lines = self.lines_text(first, last)
        if anat.stop is not None and anat.stop.mode is TopMode.ROTATED:
            p0, p1 = self.node_lines(anat.prefix)
            s0, _ = self.node_lines([anat.stop.node])
            gap = self.lines_text(p1 + 1, s0 - 1)
            if any(not is_blank(l) for l in gap):
                raise Refusal(Reason.LAYOUT, "text between the rotated statements and the "
                              "stop check")
            # The stop check's lines are already removed by an edit: cut by line numbers
            # of the original, counting what the edits removed before p0.
            before = self.lines_text(first, p0 - 1)
            moved = self.lines_text(p0, p1)
            after = self.lines_text(s0, last)
            label = ["\t%s:" % self.next_label] if self.next_label else []
            lines = before + after + [""] + label + moved
        return dedent(lines, 1)

    def record(self, callbacks: Dict[str, bool], fields: List[str]) -> dict:
        """What the round trip needs besides the converted text: the words of what was
        removed (checkpoints, loop header, final return) and where it stood, the legacy
        words of each mapped exit, and the legacy declarations."""
        anat = self.anat
        fn = self.fn
        words = fn.texts
        loop = anat.loop
        body = ctree.children(loop.body)

        def at(node) -> int:
            return next(i for i, n in enumerate(body) if n is node)

        decls = []
        leading_decls = True
        for index, node in enumerate(anat.pre):
            group = [loc for loc in self.state.locals if loc.stmt is node]
            if not group:
                leading_decls = False
                continue
            decls.append({
                "at": index, "words": words(node.start, node.end + 1),
                "leading": leading_decls,
                "locals": [{"name": loc.name, "fate": loc.fate.name,
                            "places": list(loc.places), "keep_init": list(loc.keep_init),
                            "zero_init": loc.zero_init, "macro": loc.macro,
                            "base": [t.text for t in ctree.tokenize(loc.base)],
                            "declarator": [t.text for t in ctree.tokenize(loc.declarator)],
                            "field": [t.text for t in ctree.tokenize(self.field(loc))]
                            if loc.fate is Fate.CTX else None,
                            "init": words(*loc.init) if loc.init else None}
                           for loc in group]})
        rec = {
            "version": 1,
            "name": anat.name,
            "param": anat.param,
            "static": anat.static,
            "head_words": list(anat.head_words),
            "freezable": anat.freezable,
            "names": dict(self.names.__dict__),
            "callbacks": callbacks,
            "shape": anat.shape.name,
            "pre_count": len(anat.pre),
            "decls": decls,
            "set_freezable_at": [anat.pre.index(n) for n in anat.set_freezable],
            "loop_head": words(loop.start, loop.body.start + (loop.body.kind == "block")),
            "loop_tail": words(loop.body.end, loop.end + 1) if loop.body.kind == "block"
            else [],
            "leading": [{"at": at(n), "words": words(n.start, n.end + 1)}
                        for _, n in anat.leading],
            "extra_cond": words(*anat.extra_cond) if anat.extra_cond else None,
            "exits": self.exit_record,
            "next_label": self.next_label,
            "exit_after_decls": self.exit_after_decls,
            "empty_body": loop.body.kind != "block" and
            words(loop.body.start, loop.body.end + 1) == [";"],
            "after_label": words(anat.after_label.start, anat.after_label.end + 1)
            if anat.after_label is not None else None,
            "final_return": words(anat.final_return.start, anat.final_return.end + 1)
            if anat.final_return is not None else None,
            "stop_check": None,
            "helper": {"name": anat.helper.name, "test": list(anat.helper.test)}
            if anat.helper is not None else None,
        }
        stop = anat.stop
        if stop is not None:
            rec["stop_check"] = {
                "mode": stop.mode.name,
                "at": at(stop.node),
                "words": words(stop.node.start, stop.node.end + 1),
                "cond": words(*stop.node.cond),
                "extra": [words(a, b) for a, b in stop.extra_ranges],
                "handler": [words(n.start, n.end + 1) for n in stop.handler],
                "exit": words(stop.exit.start, stop.exit.end + 1),
                "prefix": len(anat.prefix),
                "form": self.transparent_form,
            }
        return rec


# Text helpers -------------------------------------------------------------------------------

def is_blank(line: str) -> bool:
    return not line.strip()


def dedent(lines: List[str], tabs: int) -> List[str]:
    out = []
    for line in lines:
        for _ in range(tabs):
            if line.startswith("\t"):
                line = line[1:]
            elif line.startswith(" " * 8):
                line = line[8:]
        out.append(line)
    return out


def clean(lines: List[str]) -> List[str]:
    """No blank lines at either end, no two blank lines in a row."""
    out: List[str] = []
    for line in lines:
        line = line.rstrip()
        if is_blank(line) and (not out or is_blank(out[-1])):
            continue
        out.append(line)
    while out and is_blank(out[-1]):
        out.pop()
    return out


def join_decls(decls: List[str], stmts: List[str]) -> List[str]:
    """Declarations, a blank line, statements; declarations the statements begin with
    join the first group."""
    decls = clean(decls)
    if not decls:
        return stmts
    if not stmts:
        return decls
    return decls + [""] + stmts if not _starts_with_decl(stmts) else decls + stmts


_DECL_START = re.compile(r"^\s*(struct|union|enum|const|unsigned|signed|int|long|short|char|"
                         r"bool|u8|u16|u32|u64|s8|s16|s32|s64|size_t|ssize_t|"
                         r"[A-Za-z_]\w*_t)\b[\w\s\*]*[A-Za-z_]\w*\s*(=|;|\[|,)")


def _starts_with_decl(lines: List[str]) -> bool:
    return bool(lines) and _DECL_START.match(lines[0]) is not None


def negate(cond: str) -> str:
    """The C negation of a condition, written simply."""
    text = cond.strip()
    if text.startswith("!") and not text.startswith("!="):
        inner = text[1:].strip()
        if _one_operand(inner):
            return inner[1:-1] if inner.startswith("(") and _wraps(inner) else inner
    if _one_operand(text):
        return "!" + text
    return "!(%s)" % text


def _wraps(text: str) -> bool:
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0 and i != len(text) - 1:
                return False
    return True


def _one_operand(text: str) -> bool:
    """An identifier, call, member access or parenthesised expression."""
    if text.startswith("(") and _wraps(text):
        return True
    return re.match(r"^[A-Za-z_][\w]*(\s*(->|\.)\s*[A-Za-z_]\w*|\s*\[[^\]]*\]|"
                    r"\s*\((?:[^()]|\([^()]*\))*\))*$", text) is not None


def exit_if(cond: str) -> List[str]:
    return ["\tif (%s) {" % cond, "\t\tkthread_stop_current();", "\t\treturn;", "\t}", ""]
