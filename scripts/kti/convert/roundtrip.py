# SPDX-License-Identifier: GPL-2.0
"""Round trip (check 4): fold the converted callbacks back into a classic loop and compare
the result, token by token, with the original thread function.

The fold reads the converted file (the patch applied to the base tree) with the toolkit and
undoes the conversion from that text: func's `return;` and `kthread_stop_current();
return;` become the legacy jumps, the context pointer goes and ctx->x becomes x again,
init's statements come before the loop, destroy's after it.  The record supplies only what
the converted text cannot hold: the words that were removed (the loop header, checkpoints,
the final return, declarations folded into the context) and which legacy jump each exit
replaced.  Every piece of the converted text is checked against what the record says it
must be; a dropped statement, a swapped exit or a wrong rename makes the streams differ.
"""
import dataclasses
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from .. import ctext
from . import canon, checks, ctree, stringify, torture
from .anatomy import HEAD_ATTRIBUTES
from .state import ctx_macro_call
from .model import Conversion, Outcome, RoundTripResult

Words = List[str]
STOP_CALL = ["kthread_stop_current", "(", ")", ";"]
BARE_RETURN = ["return", ";"]


class FoldError(Exception):
    pass


def round_trip(tree_base: Path, conv: Conversion) -> RoundTripResult:
    if conv.outcome is not Outcome.CONVERTED:
        return RoundTripResult(False, "not a converted unit")
    if "members" in conv.record:
        return _round_trip_members(tree_base, conv)
    return _matched(tree_base, conv, [])


def _matched(tree_base: Path, conv: Conversion, sites: List[Tuple[Words, Words]]
             ) -> RoundTripResult:
    """The round trip of one thread function; sites: (converted, legacy) first tokens of
    creation calls the other members of its unit rewrote, written back before comparing."""
    # Idle parentheses and sizeof(*p) (canon.parens, canon.sizeofs) only when the plain
    # canonical forms differ: both comparisons are exact.
    for parens in (False, True):
        try:
            original, folded = fold(Path(tree_base), conv, parens)
            folded = _sites_back(folded, sites)
        except FoldError as err:
            result = RoundTripResult(False, str(err))
            continue
        if original == folded:
            return RoundTripResult(True, "%d tokens, identical" % len(original))
        result = _difference(original, folded)
    return result


def _difference(original: Words, folded: Words) -> RoundTripResult:
    at = next((i for i, (a, b) in enumerate(zip(original, folded)) if a != b),
              min(len(original), len(folded)))
    return RoundTripResult(False, "differs at token %d: legacy '%s' / folded '%s'" % (
        at, " ".join(original[max(0, at - 6):at + 6]), " ".join(folded[max(0, at - 6):at + 6])))


def _round_trip_members(tree_base: Path, conv: Conversion) -> RoundTripResult:
    """A unit of several thread functions: each folds back to its own original, but for
    the creation sites of the others it holds (rcu_torture_read_exit() starts
    rcu_torture_read_exit_child()), which are written back as they were."""
    details = []
    for record in conv.record["members"]:
        sites = _member_sites(conv, record["name"])
        res = _matched(tree_base, dataclasses.replace(conv, record=record), sites)
        if not res.ok:
            return RoundTripResult(False, "%s(): %s" % (record["name"], res.detail))
        details.append("%s(): %s" % (record["name"], res.detail))
    return RoundTripResult(True, "; ".join(details))


def _member_sites(conv: Conversion, name: str) -> List[Tuple[Words, Words]]:
    """(converted, legacy) first tokens of the creation calls of the unit's other members:
    `kthread_iterant_run ( & f_kti` for `kthread_run ( f`, and a torture.h macro's new
    name before `( f`."""
    sites = []
    for tf, facts in sorted(conv.facts.get("members", {}).items()):
        legacy = tf.split(":")[1]
        if legacy == name:
            continue
        for site in facts.get("creation_sites", []):
            if torture.MACROS.get(site["creator"]) == site["now"]:
                sites.append(([site["now"], "(", legacy], [site["creator"], "(", legacy]))
            else:
                sites.append(([site["now"], "(", "&", facts["names"]["kti"]],
                              [site["creator"], "(", legacy]))
    return sites


def _sites_back(words: Words, sites: List[Tuple[Words, Words]]) -> Words:
    out: Words = []
    i = 0
    while i < len(words):
        for new, old in sites:
            if words[i:i + len(new)] == new:
                out += old
                i += len(new)
                break
        else:
            out.append(words[i])
            i += 1
    return out


# Converted text --------------------------------------------------------------------------

def converted_texts(tree_base: Path, conv: Conversion) -> Dict[str, str]:
    with tempfile.TemporaryDirectory(prefix="kti-roundtrip-") as tmp:
        for path in conv.files:
            target = Path(tmp) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((tree_base / path).read_bytes())
        res = subprocess.run(["git", "apply", "-p1", "-"], input=conv.patch, cwd=tmp,
                             capture_output=True, text=True, errors="replace")
        if res.returncode != 0:
            raise FoldError("patch does not apply: %s" % res.stderr.strip()[:200])
        return {p: (Path(tmp) / p).read_text(encoding="latin-1") for p in conv.files}


def _function(path: str, text: str, name: str) -> ctree.Function:
    fn = checks.definition(path, text, name)
    if fn is None:
        raise FoldError("no definition of %s in the converted file" % name)
    return fn


def _block(text: str, pattern: str) -> Optional[Words]:
    """Tokens between the braces of the first `pattern {` ... `};` of text."""
    masked = ctext.mask(text)
    m = re.search(pattern + r"\s*\{", masked, re.M)
    if m is None:
        return None
    close = ctext.matching_close(masked, m.end() - 1)
    return [t.text for t in ctree.tokenize(text[m.end():close])]


def _ctx_macro_call(words: Words, name: str) -> Words:
    """The call init makes for a macro declaration held in the context."""
    found = ctx_macro_call(words, name)
    if found is None:
        raise FoldError("%s is not a declaration the context can hold" % " ".join(words))
    return found[1]


def _fields(words: Words) -> List[Words]:
    out, cur = [], []
    for w in words:
        cur.append(w)
        if w == ";":
            out.append(cur)
            cur = []
    return out


def _initializers(words: Words) -> Dict[str, str]:
    out = {}
    for part in " ".join(words).split(","):
        m = re.match(r"^\s*\.\s*(\w+)\s*=\s*(.+?)\s*$", part)
        if m:
            out[m.group(1)] = m.group(2)
    return out


# Statements of a callback ------------------------------------------------------------------

class Body:
    """The top-level statements of a callback, as word lists, with replacements made at
    token ranges of the parsed function (for exits nested anywhere)."""

    def __init__(self, fn: ctree.Function):
        self.fn = fn
        self.nodes = list(fn.root.children)
        self.repl: Dict[int, Tuple[int, Words]] = {}

    def replace(self, start: int, end: int, words: Words) -> None:
        self.repl[start] = (end, words)

    def words(self, node) -> Words:
        out: Words = []
        i = node.start
        while i <= node.end:
            if i in self.repl:
                end, words = self.repl[i]
                out += words
                i = end + 1
                continue
            out.append(self.fn.toks[i].text)
            i += 1
        return out

    def statements(self) -> List[Words]:
        return [self.words(n) for n in self.nodes]

    def params(self) -> Words:
        return self.fn.texts(1, self.fn.body_open)


def rename_back(words: Words, ctx_var: str, fields: List[str]) -> Words:
    out: Words = []
    i = 0
    while i < len(words):
        if words[i] == ctx_var and i + 2 < len(words) and words[i + 1] == "->" and \
                words[i + 2] in fields and not (i and words[i - 1] in (".", "->")):
            out.append(words[i + 2])
            i += 3
            continue
        out.append(words[i])
        i += 1
    return out


def _expect(got: Words, want: Words, what: str) -> None:
    if got != want:
        raise FoldError("%s: '%s' where '%s' was expected" % (what, " ".join(got)[:80],
                                                            " ".join(want)[:80]))


def _negations(words: Words) -> List[Words]:
    """The ways emit.negate() may have written !(words)."""
    forms = [["!", "("] + words + [")"], ["!"] + words]
    if words[:1] == ["!"]:
        inner = words[1:]
        forms.append(inner)
        if inner[:1] == ["("] and inner[-1:] == [")"]:
            forms.append(inner[1:-1])
    return forms


# The fold ----------------------------------------------------------------------------------

class Folder:
    def __init__(self, conv: Conversion, texts: Dict[str, str]):
        self.rec = conv.record
        self.names = self.rec["names"]
        self.path = self.rec["file"]
        self.text = texts[self.path]
        self.ctx_var = self.names["ctx_var"]
        self.ctx_decl = ["struct", self.names["ctx_struct"], "*", self.ctx_var, "=",
                         "kthread_iterant_ctx", "(", ")", ";"]
        self.locals = [loc for d in self.rec["decls"] for loc in d["locals"]]
        self.fields = [loc["name"] for loc in self.locals if loc["fate"] == "CTX"]

    def callback(self, role: str) -> Optional[Body]:
        if not self.rec["callbacks"][role]:
            return None
        fn = _function(self.path, self.text, self.names[role])
        name_at = fn.toks[0].start
        head = self.text[self.text.rfind("\n", 0, name_at) + 1:name_at].split()
        want = [w for w in self.rec["head_words"] if w in HEAD_ATTRIBUTES]
        if [w for w in head if w in HEAD_ATTRIBUTES] != want:
            raise FoldError("%s is declared '%s', the legacy function had %s"
                            % (self.names[role], " ".join(head), want))
        return Body(fn)

    def clean(self, statements: List[Words]) -> List[Words]:
        """Context pointer gone, ctx->x back to x."""
        if statements and statements[0] == self.ctx_decl:
            statements = statements[1:]
        return [rename_back(s, self.ctx_var, self.fields) for s in statements]

    # description and context ---------------------------------------------------------

    def check_description(self) -> None:
        rec = self.rec
        words = _block(self.text, r"^(?:static\s+)?const\s+struct\s+kthread_iterant\s+%s\s*%s="
                       % (re.escape(self.names["kti"]),
                          r"__initconst\s*" if "__init" in rec["head_words"] else ""))
        if words is None:
            raise FoldError("no description %s" % self.names["kti"])
        fields = _initializers(words)
        want = {"func": self.names["func"]}
        for role in ("init", "destroy"):
            if rec["callbacks"][role]:
                want[role] = self.names[role]
        if not rec["freezable"]:
            want["type"] = "KTI_NONFREEZABLE"
        if self.fields:
            want["ctx_size"] = "sizeof ( struct %s )" % self.names["ctx_struct"]
        if fields != want:
            raise FoldError("description %s has %s, expected %s" % (self.names["kti"],
                                                                     fields, want))
        ctx = _block(self.text, r"^struct\s+%s" % re.escape(self.names["ctx_struct"]))
        got = _fields(ctx) if ctx is not None else []
        want_fields = [loc["field"] for loc in self.locals if loc["fate"] == "CTX"]
        if got != want_fields:
            raise FoldError("context fields %s, expected %s" % (got, want_fields))

    # declarations --------------------------------------------------------------------

    @staticmethod
    def declaration(loc: dict, with_init: bool) -> Words:
        words = loc["base"] + loc["declarator"]
        if with_init and loc["init"] is not None:
            words = words + ["="] + loc["init"]
        return words + [";"]

    def added(self, role: str) -> List[Words]:
        """Declarations emit puts at the top of func or destroy."""
        out = []
        for decl in self.rec["decls"]:
            for loc in decl["locals"]:
                if role in loc["places"] and loc["fate"] not in ("CTX", "DROPPED"):
                    out.append(decl["words"] if loc["macro"] else
                               self.declaration(loc, role in loc["keep_init"]))
        return out

    def strip_added(self, role: str, statements: List[Words]) -> List[Words]:
        want = self.added(role)
        _expect([w for s in statements[:len(want)] for w in s], [w for s in want for w in s],
                "declarations of %s" % role)
        return statements[len(want):]

    def init_pieces(self, decl: dict) -> Tuple[List[Words], List[Words]]:
        """(declarations, assignments) init holds for one legacy declaration statement."""
        group = decl["locals"]
        kept = [loc for loc in group if "init" in loc["places"]]
        assigns = []
        for loc in group:
            if loc["fate"] == "CTX" and loc["macro"]:
                assigns.append(_ctx_macro_call(decl["words"], loc["name"]))
            elif loc["fate"] == "CTX" and loc["init"] is not None and not loc["zero_init"]:
                assigns.append([loc["name"], "="] + loc["init"] + [";"])
            elif loc["fate"] == "DROPPED" and loc["keep_init"]:
                assigns.append(loc["init"] + [";"])
        if len(kept) == len(group) and not assigns:
            return [decl["words"]], []
        return [self.declaration(loc, True) for loc in kept], assigns

    # init ----------------------------------------------------------------------------

    def fold_init(self, prefix: int) -> Tuple[List[Words], List[Words]]:
        """(legacy statements before the loop, the rotated statements init ends with)."""
        rec = self.rec
        body = self.callback("init")
        stmts = self.clean(body.statements()) if body else [["return", "0", ";"]]
        _expect(stmts[-1] if stmts else [], ["return", "0", ";"], "end of init")
        stmts = stmts[:-1]
        if rec.get("helper") and rec["shape"] == "WHILE":
            _expect(stmts[-1] if stmts else [], self.helper_test(), "first test of "
                    "%s() at the end of init" % rec["helper"]["name"])
            stmts = stmts[:-1]
        if rec["shape"] == "DO_WHILE":
            _expect(stmts[-1] if stmts else [], [self.names["func"], "(", rec["param"], ")",
                                                 ";"], "first iteration at the end of init")
            stmts = stmts[:-1]
        rotated = stmts[len(stmts) - prefix:] if prefix else []
        stmts = stmts[:len(stmts) - prefix] if prefix else stmts
        decls = {d["at"]: d for d in rec["decls"]}
        leading = [d for d in rec["decls"] if d["leading"]]
        queue = list(stmts)
        head: List[Words] = []
        tail: List[Words] = []
        for decl in leading:
            kept, assigns = self.init_pieces(decl)
            head += kept
            tail += assigns
        _expect([w for s in queue[:len(head)] for w in s], [w for s in head for w in s],
                 "declarations of init")
        queue = queue[len(head):]
        _expect([w for s in queue[:len(tail)] for w in s], [w for s in tail for w in s],
                 "context fields set in init")
        queue = queue[len(tail):]
        out: List[Words] = []
        for index in range(rec["pre_count"]):
            if index in rec["set_freezable_at"]:
                out.append(["set_freezable", "(", ")", ";"])
            elif index in decls:
                decl = decls[index]
                if not decl["leading"]:
                    kept, assigns = self.init_pieces(decl)
                    for piece in kept + assigns:
                        _expect(queue[0] if queue else [], piece, "declaration in place")
                        queue.pop(0)
                out.append(decl["words"])
            else:
                if not queue:
                    raise FoldError("init ends early: legacy statement %d missing" % index)
                out.append(queue.pop(0))
        if queue:
            raise FoldError("init has more statements than the legacy code: '%s'"
                            % " ".join(queue[0])[:80])
        return out, rotated

    def helper_test(self) -> Words:
        """`if (T()) kthread_stop_current();` for a loop on !H(), H() = T() ||
        kthread_should_stop()."""
        return ["if", "("] + self.rec["helper"]["test"] + [")"] + STOP_CALL

    # func ----------------------------------------------------------------------------

    def exit_sites(self, body: Body, skip: List[object]) -> List[Tuple[str, object, object]]:
        """(form, first node, last node) of every exit in func, in text order."""
        sites = []
        for node, chain in body.fn.walk(body.fn.root):
            if any(s is node or s in chain for s in skip):
                continue
            if node.kind == "block" or node is body.fn.root:
                kids = node.children
                for i, kid in enumerate(kids):
                    words = body.fn.texts(kid.start, kid.end + 1)
                    nxt = kids[i + 1] if i + 1 < len(kids) else None
                    if words == STOP_CALL and nxt is not None and \
                            body.fn.texts(nxt.start, nxt.end + 1) == BARE_RETURN:
                        sites.append(("stop", kid, nxt))
            if node.kind == "jump" and body.fn.texts(node.start, node.end + 1) == BARE_RETURN:
                sites.append(("return", node, node))
            if node.kind == "jump" and node.what == "goto" and self.rec.get("next_label") and \
                    node.name == self.rec["next_label"]:
                sites.append(("next", node, node))
        sites.sort(key=lambda s: s[1].start)
        # a return right after kthread_stop_current() belongs to that exit
        stops = {id(last) for form, _, last in sites if form == "stop"}
        return [s for s in sites if not (s[0] == "return" and id(s[1]) in stops)]

    def fold_func(self) -> Tuple[List[Words], List[Words], Words]:
        """(loop body statements, rotated statements at its end, parameter words)."""
        rec = self.rec
        body = self.callback("func")
        nodes = body.nodes
        if nodes and body.fn.texts(nodes[0].start, nodes[0].end + 1) == self.ctx_decl:
            nodes = nodes[1:]
        added = self.added("func")
        got = [rename_back(body.fn.texts(n.start, n.end + 1), self.ctx_var, self.fields)
               for n in nodes[:len(added)]]
        _expect([w for s in got for w in s], [w for s in added for w in s],
                "declarations of func")
        nodes = nodes[len(added):]
        skip = []
        stop = rec["stop_check"]
        first_exit = rec["extra_cond"] is not None or (
            stop is not None and stop["mode"] != "TRANSPARENT" and stop["extra"])
        if first_exit:
            ahead = rec.get("exit_after_decls", 0)
            check = nodes[ahead]
            cond = body.fn.texts(*check.cond) if check.kind == "if" else []
            inner = body.fn.texts(check.body.start, check.body.end + 1) \
                if check.kind == "if" else []
            _expect(inner, ["{"] + STOP_CALL + BARE_RETURN + ["}"], "first exit of func")
            cond = rename_back(cond, self.ctx_var, self.fields)
            if rec["extra_cond"] is not None:
                if cond not in _negations(rec["extra_cond"]):
                    raise FoldError("func starts with 'if (%s)', not the negated loop "
                                    "condition '%s'" % (" ".join(cond),
                                                        " ".join(rec["extra_cond"])))
            else:
                want = []
                for part in stop["extra"]:
                    want += (["||"] if want else []) + part
                _expect(cond, want, "stop check's other tests")
            skip.append(check)
            nodes = nodes[:ahead] + nodes[ahead + 1:]
        if rec.get("helper"):
            last = nodes[-1] if nodes else None
            _expect(body.fn.texts(last.start, last.end + 1) if last is not None else [],
                    self.helper_test(), "test of %s() at the end of func"
                    % rec["helper"]["name"])
            skip.append(last)
            nodes = nodes[:-1]
        if stop is not None and stop["mode"] == "TRANSPARENT" and stop["handler"]:
            check = next((n for n in nodes if n.kind == "if" and
                          rename_back(body.fn.texts(*n.cond), self.ctx_var, self.fields)
                          == stop["cond"]), None)
            if check is None:
                raise FoldError("the stop check before which func waits is missing")
            want = ["return", ";"] if stop["form"] == "return" else \
                ["{"] + STOP_CALL + BARE_RETURN + ["}"]
            _expect(body.fn.texts(check.body.start, check.body.end + 1), want,
                    "stop check without its handler")
            body.replace(check.start, check.end, stop["words"])
            skip.append(check)
        sites = self.exit_sites(body, skip)
        exits = rec["exits"]
        if len(sites) != len(exits):
            raise FoldError("func has %d exits, the legacy loop %d" % (len(sites), len(exits)))
        for (form, first, last), legacy in zip(sites, exits):
            if form != legacy["form"]:
                raise FoldError("exit at converted line %d is '%s', legacy '%s' maps to '%s'"
                                % (body.fn.toks[first.start].line, form,
                                   " ".join(legacy["words"]), legacy["form"]))
            self.undo_exit(body, first, last, legacy)
        statements = self.clean([body.words(n) for n in nodes])
        prefix = stop["prefix"] if stop is not None and stop["mode"] == "ROTATED" else 0
        rotated = statements[len(statements) - prefix:] if prefix else []
        statements = statements[:len(statements) - prefix] if prefix else statements
        if rec.get("next_label"):
            _expect(statements[-1] if statements else [], [rec["next_label"], ":"],
                    "label of the rotated statements")
            statements = statements[:-1]
        if rec.get("empty_body"):
            _expect([w for s in statements for w in s], [], "empty loop body")
            statements = [[";"]]
        return statements, rotated, body.params()

    def undo_exit(self, body: Body, first, last, legacy: dict) -> None:
        fn = body.fn
        if not legacy["wrapped"]:
            body.replace(first.start, last.end, legacy["words"])
            return
        for node, chain in fn.walk(fn.root):
            if node.kind != "block" or len(node.children) != (2 if legacy["form"] == "stop"
                                                              else 1):
                continue
            if node.children[0] is not first or not chain or chain[-1].kind != "if":
                continue
            parent = chain[-1]
            body.replace(node.start, node.end, legacy["words"])
            if legacy["braced_other"]:
                other = parent.orelse if parent.body is node else parent.body
                if other is None or other.kind != "block" or len(other.children) != 1:
                    raise FoldError("the other arm of a wrapped exit has no added braces")
                kid = other.children[0]
                body.replace(other.start, other.end, fn.texts(kid.start, kid.end + 1))
            return
        raise FoldError("wrapped exit at converted line %d is not an if arm of its own"
                        % fn.toks[first.start].line)

    # destroy -------------------------------------------------------------------------

    def fold_destroy(self) -> List[Words]:
        rec = self.rec
        body = self.callback("destroy")
        stmts = self.clean(body.statements()) if body else []
        stmts = self.strip_added("destroy", stmts)
        stop = rec["stop_check"]
        handler = stop["handler"] if stop is not None else []
        _expect([w for s in stmts[:len(handler)] for w in s],
                [w for s in handler for w in s], "stop handler at the top of destroy")
        stmts = stmts[len(handler):]
        if rec["after_label"]:
            stmts = [rec["after_label"]] + stmts
        if rec["final_return"]:
            stmts = stmts + [rec["final_return"]]
        return stmts

    # all -------------------------------------------------------------------------------

    def fold(self) -> Words:
        rec = self.rec
        self.check_description()
        func, rotated_func, params = self.fold_func()
        stop = rec["stop_check"]
        prefix = stop["prefix"] if stop is not None and stop["mode"] == "ROTATED" else 0
        pre, rotated_init = self.fold_init(prefix)
        if rotated_func != rotated_init:
            raise FoldError("the statements rotated into init and to the end of func differ")
        inserts: List[Tuple[int, List[Words]]] = [(item["at"], [item["words"]])
                                                  for item in rec["leading"]]
        if stop is not None and stop["mode"] != "TRANSPARENT":
            inserts.append((stop["at"] - prefix, rotated_func + [stop["words"]]))
        for at, items in sorted(inserts, key=lambda x: x[0]):
            if at > len(func):
                raise FoldError("loop body too short for a checkpoint at %d" % at)
            func[at:at] = items
        words = [rec["name"]] + params + ["{"]
        for s in pre:
            words += s
        words += rec["loop_head"]
        for s in func:
            words += s
        words += rec["loop_tail"]
        for s in self.fold_destroy():
            words += s
        return words + ["}"]


def fold(tree_base: Path, conv: Conversion, parens: bool = False) -> Tuple[Words, Words]:
    rec = conv.record
    original_text = (tree_base / rec["file"]).read_text(encoding="latin-1")
    at = original_text.find(rec["name"], rec["def_start"])
    if at < 0:
        raise FoldError("legacy function %s not found" % rec["name"])
    starts = ctext.line_starts(original_text)
    line, col = ctext.line_of(starts, at)
    function = ctree.Function(rec["file"], original_text, line, col)
    original = [t.text for t in function.toks]
    # Compared in canonical form: tidy may have spelled types canonically, joined literals,
    # dropped idle parentheses (canon.py) and added or removed the braces of if/else arms
    # holding one simple statement.
    ctx_var = rec["names"]["ctx_var"]
    safe = stringify.Sources(tree_base, rec["file"], original_text).safe(
        function.declared() | {ctx_var}) if parens else None
    pointees = function.pointees(ctx_var) if parens else None
    texts = {p: canon.text(t, safe, pointees)
             for p, t in converted_texts(tree_base, conv).items()}
    folder = Folder(dataclasses.replace(conv, record=canon.record(rec, safe, pointees)), texts)
    return canon.unbraced(canon.words(original, safe, pointees)), canon.unbraced(folder.fold())
