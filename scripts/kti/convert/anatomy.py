# SPDX-License-Identifier: GPL-2.0
"""The parts of a legacy thread function: head, code before the loop, the main loop and its
shape, the checkpoints at the top of its body, the jumps that leave it, the code after it.

Everything here reads the toolkit's statement tree; nothing is rewritten.  A shape or a jump
the rules cannot convert exactly raises Refusal.
"""
import enum
import re
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from .. import ctext
from . import ctree
from .model import Reason, Refusal
from .stophelper import StopHelper

STOP = "kthread_should_stop"
FREEZABLE_STOP = "kthread_freezable_should_stop"
EXIT_CALLS = ("do_exit", "kthread_exit", "kthread_complete_and_exit",
              "module_put_and_kthread_exit", "complete_and_exit")
HINTS = ("likely", "unlikely")
# Attributes of a thread function that its callbacks keep: __init ones run only while the
# init sections exist, as the legacy function did; __no_kcsan ones stay uninstrumented.
HEAD_ATTRIBUTES = ("__init", "__no_kcsan")
# Calls a wait condition may make besides the stop test and stay without effect.
PURE_TESTS = frozenset(("list_empty", "list_empty_careful", "llist_empty", "kfifo_is_empty",
                        "kfifo_len", "skb_queue_empty", "skb_queue_len", "atomic_read",
                        "atomic_read_acquire", "atomic_long_read", "READ_ONCE", "test_bit",
                        "RB_EMPTY_ROOT", "freezing", "completion_done", "likely",
                        "unlikely"))


class Shape(enum.Enum):
    WHILE = "while-not-should-stop"
    INFINITE = "infinite-with-stop-check"
    DO_WHILE = "do-while"
    FREEZABLE = "freezable-should-stop"


class Leading(enum.Enum):
    """A checkpoint at the top of the loop body that the core's checkpoint replaces."""
    FREEZE = "try_to_freeze()"
    STOP = "if (kthread_should_stop()) break;"
    PARK = "if (kthread_should_park()) kthread_parkme();"


class ExitKind(enum.Enum):
    CONTINUE = "continue"
    BREAK = "break"
    RETURN = "return"
    GOTO = "goto"


class TopMode(enum.Enum):
    """How an infinite loop's stop check is taken over by the core's checkpoint."""
    LEADING = "stop check first: removed"
    TRANSPARENT = "a wait that ends on kthread_stop() comes first: kept"
    ROTATED = "statements before the stop check: run once in init and at the end of func"


@dataclass
class StopCheck:
    """The stop check of an infinite loop: `if (kthread_should_stop() [|| extra]) {
    handler; exit; }`."""
    node: object
    exit: object
    handler: list
    extra: Optional[str]            # the other disjuncts, as words (for messages)
    extra_ranges: List[Tuple[int, int]] = field(default_factory=list)   # their tokens
    mode: TopMode = TopMode.LEADING


@dataclass
class Jump:
    """A jump that leaves the current iteration of the main loop."""
    node: object
    kind: ExitKind
    guarded: bool                 # inside `if (kthread_should_stop())`: only taken on stop
    value: Optional[str] = None   # return value text
    label: Optional[str] = None   # goto target
    parent: object = None         # enclosing statement when not in a block (if/loop arm)
    arm: str = ""                 # "body" or "orelse" of that parent

    @property
    def ends_loop(self) -> bool:
        return self.kind is not ExitKind.CONTINUE

    @property
    def needs_stop_call(self) -> bool:
        """Unguarded exits end the loop with kthread_stop_current(); guarded ones and
        continue simply return (the core sees the stop request)."""
        return self.ends_loop and not self.guarded


@dataclass
class Anatomy:
    fn: ctree.Function
    name: str
    param: str
    param_text: str
    static: bool
    def_start: int                # offset where the definition's first line starts
    def_end: int                  # offset just after its closing brace
    loop: object
    pre: list
    post: list
    final_return: object
    shape: Shape
    freezable: bool
    extra_cond: Optional[Tuple[int, int]] = None   # token range of the other conjuncts
    extra_first: bool = True      # the other conjuncts come after the stop test
    leading: List[Tuple[Leading, object]] = field(default_factory=list)
    set_freezable: List[object] = field(default_factory=list)
    jumps: List[Jump] = field(default_factory=list)
    after_label: object = None    # label right after the loop that only loop gotos use
    early_returns: List[object] = field(default_factory=list)   # returns before the loop
    post_returns: List[object] = field(default_factory=list)    # returns after it (not last)
    stop_arg: Optional[str] = None   # argument of kthread_freezable_should_stop()
    stop: Optional[StopCheck] = None   # infinite loops: the stop check
    prefix: List[object] = field(default_factory=list)   # statements before it, kept/rotated
    head_words: List[str] = field(default_factory=lambda: ["static", "int"])  # before the name
    state_across_checkpoint: bool = False   # a task state set when the core's checkpoint runs
    helper: Optional[StopHelper] = None   # the loop condition is `!helper()`
    stop_wait: Optional[List[str]] = None   # calls of the wait for kthread_stop() after it

    @property
    def toks(self) -> List[ctree.Token]:
        return self.fn.toks

    def text_of(self, node) -> str:
        start, end = self.fn.span(node)
        return self.fn.text[start:end]

    def words(self, node) -> List[str]:
        return self.fn.texts(node.start, node.end + 1)

    def ends_on_its_own(self) -> bool:
        """Whether the thread can end without kthread_stop(): a jump out of the loop not
        guarded by a stop check, a loop condition with more than the stop test, or an
        error return before the loop."""
        return (any(j.needs_stop_call for j in self.jumps) or self.extra_cond is not None
                or bool(self.early_returns) or self.stop is not None and
                self.stop.extra is not None or self.helper is not None)


def _strip_hint(toks: List[str]) -> List[str]:
    """likely(x) / unlikely(x) around a whole condition -> x."""
    while len(toks) > 3 and toks[0] in HINTS and toks[1] == "(" and toks[-1] == ")" \
            and _close(toks, 1) == len(toks) - 1:
        toks = toks[2:-1]
    return toks


def _close(toks: List[str], i: int) -> int:
    depth = 0
    for j in range(i, len(toks)):
        if toks[j] in ("(", "[", "{"):
            depth += 1
        elif toks[j] in (")", "]", "}"):
            depth -= 1
            if depth == 0:
                return j
    return -1


def _top_split(toks: List[str], ops: Tuple[str, ...]) -> List[int]:
    """Indices of top-level (depth 0) operators in ops."""
    depth = 0
    found = []
    for i, t in enumerate(toks):
        if t in ("(", "[", "{"):
            depth += 1
        elif t in (")", "]", "}"):
            depth -= 1
        elif depth == 0 and t in ops:
            found.append(i)
    return found


def is_stop_test(toks: List[str]) -> bool:
    """`kthread_should_stop()`, maybe inside likely()/unlikely()."""
    return _strip_hint(toks) == [STOP, "(", ")"]


def _neg_stop(toks: List[str]) -> Optional[Tuple[str, Optional[str]]]:
    """(predicate, argument) when toks is `!kthread_should_stop()` or
    `!kthread_freezable_should_stop(ARG)`."""
    toks = _strip_hint(toks)
    if len(toks) < 4 or toks[0] != "!":
        return None
    inner = _strip_hint(toks[1:])
    if inner == [STOP, "(", ")"]:
        return STOP, None
    if len(inner) >= 3 and inner[0] == FREEZABLE_STOP and inner[1] == "(" and \
            _close(inner, 1) == len(inner) - 1:
        return FREEZABLE_STOP, " ".join(inner[2:-1])
    return None


class Reader:
    """Builds the Anatomy of one thread function, refusing what the rules do not cover."""

    def __init__(self, path: str, text: str, tf: dict, helper: Optional[StopHelper] = None,
                 waits=None, tests_stop=None):
        self.tf = tf
        self.helper = helper
        # waits(name) -> calls of the wait for kthread_stop() function name ends with, or None
        self.waits = waits or (lambda name: None)
        # tests_stop(name) -> whether function name calls a stop predicate
        self.tests_stop = tests_stop or (lambda name: False)
        try:
            self.fn = ctree.Function(path, text, tf["line"], tf["col"])
        except ValueError as err:
            raise Refusal(Reason.FUNCTION_HEAD, str(err)) from err
        self.text = text

    # Head ---------------------------------------------------------------------------

    def head(self) -> Tuple[int, bool, str, str]:
        fn = self.fn
        name_at = fn.toks[0].start
        masked = ctext.mask(self.text)
        # The return type may sit on the lines above the name (`static int\nfoo(...)`).
        start = self.text.rfind("\n", 0, name_at) + 1
        while start > 1:
            prev_start = self.text.rfind("\n", 0, start - 1) + 1
            prev = self.text[prev_start:start - 1].strip()
            if not prev or prev.endswith((";", "}", "{", "*/")) or \
                    prev.startswith(("#", "//", "*", "/*")):
                break
            start = prev_start
        words = self.text[start:name_at].split()
        if [w for w in words if w not in HEAD_ATTRIBUTES] not in (["static", "int"], ["int"]) \
                or len(set(words)) != len(words):
            raise Refusal(Reason.FUNCTION_HEAD, "'%s %s(...)'" % (" ".join(words), fn.toks[0].text))
        self.head_words = words
        close = ctext.matching_close(masked, fn.toks[1].start)
        params = fn.texts(2, next(i for i, t in enumerate(fn.toks) if t.start == close))
        if len(params) < 3 or params[:2] != ["void", "*"] or not ctree.is_word(params[2]) or \
                any(not ctree.is_word(p) or not p.startswith("__") for p in params[3:]):
            raise Refusal(Reason.FUNCTION_HEAD, "parameter '%s'" % " ".join(params))
        param_text = self.text[fn.toks[2].start:close]
        if fn.toks[fn.body_open].line == fn.toks[0].line or \
                self.text[self.text.rfind("\n", 0, fn.toks[fn.body_open].start) + 1:
                          fn.toks[fn.body_open].start].strip():
            raise Refusal(Reason.LAYOUT, "function body brace not on a line of its own")
        return start, "static" in words, params[2], param_text

    # Main loop ----------------------------------------------------------------------

    def main_loop(self):
        fn = self.fn
        line = self.tf.get("loop_line")
        for i, node in enumerate(fn.root.children):
            if node.kind == "loop" and fn.toks[node.start].line == line:
                return i, node
        for node, chain in fn.walk(fn.root):
            if node.kind == "loop" and fn.toks[node.start].line == line:
                if node.what == "goto" or any(c.kind == "loop" and c.what == "goto"
                                              for c in chain):
                    raise Refusal(Reason.LOOP_SHAPE, "loop built from a label and a goto")
                raise Refusal(Reason.NESTED_MAIN_LOOP, "line %d" % line)
        raise Refusal(Reason.NO_STOP_LOOP, "no loop at line %s" % line)

    def shape(self, loop) -> Tuple[Shape, Optional[Tuple[int, int]], bool, Optional[str]]:
        fn = self.fn
        if loop.what not in ("while", "for", "do"):
            raise Refusal(Reason.LOOP_SHAPE, "%s loop" % loop.what)
        if loop.body is None or loop.body.kind != "block" and loop.what == "do":
            raise Refusal(Reason.LAYOUT, "do-while body without braces")
        if loop.what == "for":
            first, last = loop.cond
            if fn.texts(loop.start + 1, first) != ["(", ";"] or \
                    fn.texts(last, last + 2) != [";", ")"] or loop.body.start != last + 2:
                raise Refusal(Reason.LOOP_SHAPE, "for loop with an initializer or increment")
        cstart, cend = loop.cond
        cond = fn.texts(cstart, cend)
        if _strip_hint(cond) in ([], ["1"], ["true"]):
            return Shape.INFINITE, None, True, None
        stripped = _strip_hint(cond)
        offset = cond.index(stripped[0]) if stripped else 0
        if _top_split(stripped, ("||",)):
            raise Refusal(Reason.CONDITION_OR, "'%s'" % " ".join(cond))
        ands = _top_split(stripped, ("&&",))
        bounds = [-1] + ands + [len(stripped)]
        parts = [(bounds[i] + 1, bounds[i + 1]) for i in range(len(bounds) - 1)]
        stops = [(i, _neg_stop(stripped[a:b])) for i, (a, b) in enumerate(parts)
                 if _neg_stop(stripped[a:b])]
        if len(stops) != 1:
            pred = self.tf.get("stop_predicate") or "?"
            helper = self.helper
            if helper is not None and pred == helper.name and \
                    stripped == ["!", helper.name, "(", ")"]:
                return (Shape.DO_WHILE if loop.what == "do" else Shape.WHILE), None, True, None
            if pred not in (STOP, FREEZABLE_STOP):
                raise Refusal(Reason.STOP_HELPER, "'%s'" % pred)
            raise Refusal(Reason.LOOP_SHAPE, "condition '%s'" % " ".join(cond))
        index, (pred, arg) = stops[0]
        extra = None
        extra_first = True
        if len(parts) > 1:
            if loop.what == "do":
                raise Refusal(Reason.LOOP_SHAPE, "do-while condition '%s'" % " ".join(cond))
            if index == 0:
                a, b = parts[1][0], parts[-1][1]
            elif index == len(parts) - 1:
                a, b = parts[0][0], parts[-2][1]
                extra_first = False
                calls = [t for j, t in enumerate(stripped[a:b])
                         if ctree.is_word(t) and j + 1 < b - a and stripped[a + j + 1] == "("]
                if calls:
                    raise Refusal(Reason.CONDITION_CALLS, "'%s'" % ", ".join(calls))
            else:
                raise Refusal(Reason.LOOP_SHAPE, "stop test between other conditions")
            extra = (cstart + offset + a, cstart + offset + b)
        if loop.what == "do":
            return Shape.DO_WHILE, None, True, arg
        if pred == FREEZABLE_STOP:
            return Shape.FREEZABLE, extra, extra_first, arg
        return Shape.WHILE, extra, extra_first, arg

    # Checkpoints at the top of the body ----------------------------------------------

    def checkpoint(self, node) -> Optional[Leading]:
        """Which removable checkpoint a statement is, if any."""
        fn = self.fn
        words = fn.texts(node.start, node.end + 1)
        if words == ["try_to_freeze", "(", ")", ";"]:
            return Leading.FREEZE
        if node.kind == "if" and node.orelse is None:
            cond = fn.texts(*node.cond)
            body = [w for w in fn.texts(node.body.start, node.body.end + 1)
                    if w not in ("{", "}")]
            if is_stop_test(cond) and body == ["break", ";"]:
                return Leading.STOP
            if _strip_hint(cond) == ["kthread_should_park", "(", ")"] and \
                    body == ["kthread_parkme", "(", ")", ";"]:
                return Leading.PARK
        return None

    def leading(self, loop, shape: Shape) -> List[Tuple[Leading, object]]:
        """Checkpoints at the top of a while/for body (declarations may come first)."""
        found = []
        if shape is Shape.DO_WHILE or loop.body.kind != "block":
            return found
        for node in loop.body.children:
            if node.kind == "decl":
                continue
            kind = self.checkpoint(node)
            if kind is None:
                break
            found.append((kind, node))
        return found

    def stop_check(self, node, post: list) -> Optional["StopCheck"]:
        """`if (kthread_should_stop() [|| X]) { [H;] break; }` (or goto to the label
        right after the loop, or `return 0;` when nothing else follows the loop)."""
        fn = self.fn
        if node.kind != "if" or node.orelse is not None:
            return None
        cond = _strip_hint(fn.texts(*node.cond))
        ors = _top_split(cond, ("||",))
        bounds = [-1] + ors + [len(cond)]
        parts = [cond[bounds[i] + 1:bounds[i + 1]] for i in range(len(bounds) - 1)]
        stops = [i for i, part in enumerate(parts) if is_stop_test(part)]
        if len(stops) != 1:
            return None
        body = ctree.children(node.body)
        if not body or body[-1].kind != "jump":
            return None
        exit_node = body[-1]
        words = fn.texts(exit_node.start, exit_node.end + 1)
        after = post[0] if post and post[0].kind == "label" else None
        rest = [n for n in post if n is not after]
        if words == ["break", ";"]:
            pass
        elif exit_node.what == "goto" and after is not None and exit_node.name == after.name:
            pass
        elif words == ["return", "0", ";"] and all(
                fn.texts(n.start, n.end + 1) == ["return", "0", ";"] for n in rest):
            pass
        else:
            return None
        others = [p for i, p in enumerate(parts) if i != stops[0]]
        offset = node.cond[0] + fn.texts(*node.cond).index(cond[0])
        ranges = [(offset + bounds[i] + 1, offset + bounds[i + 1])
                  for i in range(len(parts)) if i != stops[0]]
        if stops[0] > 0:
            before = [t for part in parts[:stops[0]] for t in part]
            calls = [t for j, t in enumerate(before)
                     if ctree.is_word(t) and j + 1 < len(before) and before[j + 1] == "("]
            if calls:
                raise Refusal(Reason.CONDITION_CALLS, "'%s' before the stop check"
                              % ", ".join(calls))
        return StopCheck(node=node, exit=exit_node, handler=body[:-1],
                         extra=" || ".join(" ".join(p) for p in others) or None,
                         extra_ranges=ranges)

    def pure(self, node) -> bool:
        """Whether a statement calls nothing but PURE_TESTS and changes nothing but what
        it declares: it may run after the core's stop check instead of before the
        legacy one."""
        words = self.fn.texts(node.start, node.end + 1)
        return not any(w in ("++", "--") or ctree.is_word(w) and i + 1 < len(words) and
                       words[i + 1] == "(" and w not in PURE_TESTS
                       for i, w in enumerate(words))

    def infinite_top(self, loop, post: list) -> Tuple["StopCheck", List[object],
                                                       List[Tuple[Leading, object]]]:
        """The stop check of an infinite loop, the statements before it (rotated or kept)
        and the removable checkpoints among them."""
        fn = self.fn
        prefix = []
        if loop.body.kind != "block":
            raise Refusal(Reason.STOP_NOT_FIRST, "infinite loop body without braces")
        for node in loop.body.children:
            check = self.stop_check(node, post)
            if check is not None:
                break
            if node.kind == "decl" and not prefix and self.pure(node):
                continue
            prefix.append(node)
        else:
            raise Refusal(Reason.STOP_NOT_FIRST, "no stop check at the top level of the body")
        leading = [(self.checkpoint(n), n) for n in prefix if self.checkpoint(n)]
        if len(leading) == len(prefix):
            check.mode = TopMode.LEADING
            body = loop.body.children
            for node in body[body.index(check.node) + 1:]:
                kind = self.checkpoint(node)
                if kind not in (Leading.FREEZE, Leading.PARK):
                    break
                leading.append((kind, node))
            return check, [], leading
        if len(prefix) == 1 and self.transparent(prefix[0]):
            check.mode = TopMode.TRANSPARENT
            return check, prefix, []
        for node in prefix:
            for sub, _ in fn.walk(node):
                if sub.kind == "label" or sub.kind == "jump" and sub.what in (
                        "return", "goto") or sub.kind == "decl" and sub is node:
                    raise Refusal(Reason.STOP_NOT_FIRST, "'%s' before the stop check"
                                  % " ".join(fn.texts(sub.start, sub.end + 1))[:60])
            if self.leaves_iteration(node):
                raise Refusal(Reason.STOP_NOT_FIRST, "jump before the stop check")
        check.mode = TopMode.ROTATED
        return check, prefix, []

    def binds_to_loop(self, loop, jump) -> bool:
        """Whether a continue or break in loop's body belongs to loop itself."""
        for node, chain in self.fn.walk(loop.body):
            if node is jump:
                inner = [c for c in chain if c.kind in ("loop", "switch") and
                         c.what != "goto"]
                if jump.what == "continue":
                    inner = [c for c in inner if c.kind == "loop"]
                return not inner
        return False

    def leaves_iteration(self, node, breakable: bool = False,
                         continuable: bool = False) -> bool:
        """Whether node holds a break or continue bound to the main loop."""
        if node is None:
            return False
        if node.kind == "jump":
            return (node.what == "break" and not breakable or
                    node.what == "continue" and not continuable)
        if node.kind == "loop" and node.what != "goto":
            return False
        if node.kind == "switch":
            return self.leaves_iteration(node.body, True, continuable)
        return any(self.leaves_iteration(c, breakable, continuable)
                   for c in [node.body, node.orelse] + node.children)

    def transparent(self, node) -> bool:
        """A wait that returns at once after kthread_stop() and changes nothing then:
        `wait_event*(wq, A || kthread_should_stop() || B);` with no calls in A and B but
        pure tests."""
        fn = self.fn
        words = fn.texts(node.start, node.end + 1)
        if node.kind != "simple" or not words or not re.match(
                r"^(wait_event|wait_event_interruptible|wait_event_freezable|"
                r"wait_event_killable|wait_event_idle)(_timeout)?$", words[0]) or \
                words[1] != "(" or words[-1] != ";" or _close(words, 1) != len(words) - 2:
            return False
        args = words[2:-2]
        commas = _top_split(args, (",",))
        if len(commas) not in (1, 2):
            return False
        cond = args[commas[0] + 1:commas[1] if len(commas) > 1 else len(args)]
        cond = _strip_hint(cond)
        ors = _top_split(cond, ("||",))
        bounds = [-1] + ors + [len(cond)]
        parts = [cond[bounds[i] + 1:bounds[i + 1]] for i in range(len(bounds) - 1)]
        if not any(is_stop_test(p) for p in parts):
            return False
        calls = {t for j, t in enumerate(cond) if ctree.is_word(t) and j + 1 < len(cond)
                 and cond[j + 1] == "("}
        return calls <= PURE_TESTS | {STOP}

    # Jumps ---------------------------------------------------------------------------

    def labels(self) -> dict:
        return {n.name: n for n, _ in self.fn.walk(self.fn.root) if n.kind == "label"}

    def jumps(self, loop, post: list) -> Tuple[List[Jump], object]:
        fn = self.fn
        labels = self.labels()
        inside = {n.name for n, _ in fn.walk(loop.body) if n.kind == "label"}
        after = post[0] if post and post[0].kind == "label" else None
        found: List[Jump] = []

        def visit(node, breakable, continuable, guarded, parent, arm):
            if node is None:
                return
            if node.kind == "jump":
                what = node.what
                words = fn.texts(node.start, node.end + 1)
                if what == "break" and not breakable:
                    found.append(Jump(node, ExitKind.BREAK, guarded, parent=parent, arm=arm))
                elif what == "continue" and not continuable:
                    found.append(Jump(node, ExitKind.CONTINUE, guarded, parent=parent, arm=arm))
                elif what == "return":
                    found.append(Jump(node, ExitKind.RETURN, guarded,
                                      value=" ".join(words[1:-1]) or None,
                                      parent=parent, arm=arm))
                elif what == "goto" and node.name not in inside:
                    target = labels.get(node.name)
                    if target is None or target is not after:
                        where = "in an inner block" if target is not None and \
                            target not in fn.root.children else "elsewhere"
                        raise Refusal(Reason.GOTO_OUT, "goto %s (label %s)" % (node.name, where))
                    found.append(Jump(node, ExitKind.GOTO, guarded, label=node.name,
                                      parent=parent, arm=arm))
                return
            if node.kind == "loop" and node.what != "goto":
                visit(node.body, True, True, guarded, node if node.body.kind != "block"
                      else None, "body")
                return
            if node.kind == "switch":
                visit(node.body, True, continuable, guarded, None, "body")
                return
            if node.kind == "if":
                stop = is_stop_test(fn.texts(*node.cond))
                visit(node.body, breakable, continuable, guarded or stop,
                      node if node.body.kind != "block" else None, "body")
                visit(node.orelse, breakable, continuable, guarded,
                      node if node.orelse is not None and node.orelse.kind not in
                      ("block", "if") else None, "orelse")
                return
            for child in node.children:
                visit(child, breakable, continuable, guarded, None, "")
            if node.body is not None:
                visit(node.body, breakable, continuable, guarded, None, "")

        visit(loop.body, False, False, False, None, "")
        used_after = after is not None and any(j.label == after.name for j in found)
        others = [n for n, _ in fn.walk(fn.root) if n.kind == "jump" and n.what == "goto"
                  and after is not None and n.name == after.name
                  and not loop.start <= n.start <= loop.end]
        return found, (after if used_after and not others else None)

    def gotos_across(self, loop, pre: list, post: list) -> None:
        """Refuse gotos into the loop and between the code before and after it."""
        fn = self.fn
        labels = self.labels()

        def region(at: int) -> str:
            if at < loop.start:
                return "pre"
            return "loop" if at <= loop.end else "post"

        for node, _ in fn.walk(fn.root):
            if node.kind != "jump" or node.what != "goto":
                continue
            target = labels.get(node.name)
            if target is None:
                continue
            src, dst = region(node.start), region(target.start)
            if dst == "loop" and src != "loop":
                raise Refusal(Reason.GOTO_INTO_LOOP, "goto %s" % node.name)
            if src != "loop" and src != dst:
                raise Refusal(Reason.GOTO_ACROSS, "goto %s" % node.name)

    # Everything ----------------------------------------------------------------------

    def read(self) -> Anatomy:
        fn = self.fn
        if fn.expansions:
            raise Refusal(Reason.MACRO_LOOP, "loop macro expanded in the body")
        def_start, static, param, param_text = self.head()
        index, loop = self.main_loop()
        pre = fn.root.children[:index]
        post = fn.root.children[index + 1:]
        final = post[-1] if post and post[-1].kind == "jump" and post[-1].what == "return" \
            else None
        shape, extra, extra_first, stop_arg = self.shape(loop)
        calls = fn.calls(0, len(fn.toks))
        exits = sorted(set(calls) & set(EXIT_CALLS))
        if exits:
            raise Refusal(Reason.EXITS_THREAD, ", ".join(exits))
        if final is None and post and not (post[-1].kind == "simple" and
                                           fn.texts(post[-1].start, post[-1].end + 1) == [";"]):
            raise Refusal(Reason.LAYOUT, "function does not end with a return")
        stop = None
        prefix: List[object] = []
        if shape is Shape.INFINITE:
            stop, prefix, leading = self.infinite_top(loop, post)
        else:
            leading = self.leading(loop, shape)
        self.gotos_across(loop, pre, post)
        jumps, after_label = self.jumps(loop, post)
        anat = Anatomy(fn=fn, name=fn.toks[0].text, param=param, param_text=param_text,
                       static=static, def_start=def_start, def_end=fn.toks[-1].end,
                       loop=loop, pre=pre, post=post, final_return=final, shape=shape,
                       freezable=False, extra_cond=extra, extra_first=extra_first,
                       leading=leading, after_label=after_label, stop_arg=stop_arg,
                       stop=stop, prefix=prefix, head_words=self.head_words,
                       helper=self.helper_of(loop, shape))
        if anat.helper is not None and any(j.kind is ExitKind.CONTINUE for j in jumps):
            raise Refusal(Reason.LOOP_SHAPE, "continue in a loop on !%s(): it would skip "
                          "the test at the end of func" % anat.helper.name)
        removed = [n for _, n in leading]
        if stop is not None and stop.mode is not TopMode.TRANSPARENT:
            removed.append(stop.node)
        anat.jumps = [j for j in jumps if not any(
            n.start <= j.node.start <= n.end for n in removed)]
        if stop is not None and stop.handler:
            if stop.mode is TopMode.TRANSPARENT:
                anat.jumps = [j for j in anat.jumps if j.node is not stop.exit]
            if any(j.ends_loop for j in anat.jumps):
                raise Refusal(Reason.STOP_HANDLER, "'%s'" % " ".join(
                    fn.texts(stop.handler[0].start, stop.handler[-1].end + 1))[:60])
            for node in stop.handler:
                if any(sub.kind == "jump" for sub, _ in fn.walk(node)):
                    raise Refusal(Reason.STOP_HANDLER, "jump in the stop handler")
        if after_label is None and stop is not None and stop.exit.what == "goto":
            after_label = post[0] if not any(
                n.kind == "jump" and n.what == "goto" and n.name == post[0].name and
                n is not stop.exit for n, _ in fn.walk(fn.root)) else None
            anat.after_label = after_label
        self.check_returns(anat)
        self.check_was_frozen(anat)
        self.check_stop_after_loop(anat)
        return anat

    def helper_of(self, loop, shape: Shape) -> Optional[StopHelper]:
        """The stop helper the loop condition calls, when shape() took it apart."""
        if self.helper is None or shape not in (Shape.DO_WHILE, Shape.WHILE):
            return None
        cond = _strip_hint(self.fn.texts(*loop.cond))
        return self.helper if cond == ["!", self.helper.name, "(", ")"] else None

    def check_stop_after_loop(self, anat: Anatomy) -> None:
        """After kthread_stop_current() kthread_should_stop() is true in destroy, where
        the legacy code after a break saw false: a loop that can end on its own must not
        be followed by a stop test (max3421_spi_thread runs a second loop there).  The one
        exception is a last call, right before the final return, of a function ending with
        a wait for kthread_stop() that only sleeps (torture_kthread_stopping()): the wait
        ends at once and the core waits for kthread_stop() instead."""
        if not anat.ends_on_its_own():
            return
        fn = self.fn
        tests = {STOP, FREEZABLE_STOP} | {entry.rsplit(":", 1)[-1] for entry in
                                          self.tf.get("helpers_elsewhere", [])}
        if anat.helper is not None:
            tests |= {anat.helper.name, anat.helper.test[0]}
        body = [n for n in anat.post if n is not anat.final_return]
        last = body[-1] if body and anat.final_return is not None else None
        if last is not None and last.kind == "simple":
            words = fn.texts(last.start, last.end + 1)
            if len(words) >= 4 and ctree.is_word(words[0]) and words[1] == "(" and \
                    _close(words, 1) == len(words) - 2 and words[-1] == ";" and \
                    words[0] not in fn.calls(last.start + 1, last.end):
                anat.stop_wait = self.waits(words[0])
        for node in anat.post:
            for i, name in enumerate(fn.calls(node.start, node.end + 1)):
                if anat.stop_wait is not None and node is last and i == 0:
                    continue
                if name in tests or "should_stop" in name or self.tests_stop(name):
                    raise Refusal(Reason.STOP_AFTER_LOOP, "%s() at line %d"
                                  % (name, fn.toks[node.start].line))

    def check_was_frozen(self, anat: Anatomy) -> None:
        """kthread_freezable_should_stop(&x): the core freezes instead and nothing sets x,
        so x may only be read by that call."""
        arg = anat.stop_arg
        if arg is None or arg == "NULL":
            return
        words = arg.split()
        name = words[-1] if words[:1] == ["&"] and len(words) == 2 else None
        fn = self.fn
        uses = [i for i, t in enumerate(fn.toks) if t.text == name and
                not (anat.loop.cond[0] <= i < anat.loop.cond[1])]
        declared = [i for n, _ in fn.walk(fn.root) if n.kind == "decl"
                    for d, i, _ in n.decls if d == name]
        if name is None or set(uses) - set(declared):
            raise Refusal(Reason.WAS_FROZEN, "'%s'" % arg)

    def check_returns(self, anat: Anatomy) -> None:
        fn = self.fn
        body_post = [n for n in anat.post if n is not anat.final_return and
                     n is not anat.after_label]
        for jump in anat.jumps:
            if jump.kind is ExitKind.RETURN:
                if body_post:
                    raise Refusal(Reason.RETURN_SKIPS_CLEANUP,
                                  "'%s' at line %d" % (" ".join(fn.texts(
                                      jump.node.start, jump.node.end + 1)),
                                      fn.toks[jump.node.start].line))
                if jump.value and "(" in jump.value:
                    raise Refusal(Reason.RETURN_COMPUTED, "'return %s;'" % jump.value)
        for node in anat.pre:
            for sub, chain in fn.walk(node):
                if sub.kind == "jump" and sub.what == "return":
                    self.check_early_return(sub, chain)
                    anat.early_returns.append(sub)
        for node in body_post:
            for sub, _ in fn.walk(node):
                if sub.kind == "jump" and sub.what == "return":
                    value = fn.texts(sub.start + 1, sub.end)
                    if "(" in value:
                        raise Refusal(Reason.RETURN_COMPUTED, "'return %s;' after the loop"
                                      % " ".join(value))
                    anat.post_returns.append(sub)

    def check_early_return(self, node, chain: list) -> None:
        """A return before the loop becomes init's return: it must not return 0."""
        fn = self.fn
        value = fn.texts(node.start + 1, node.end)
        if len(value) == 2 and value[0] == "-" and re.match(r"^E[A-Z0-9]+$", value[1]):
            return
        if len(value) == 1 and re.match(r"^[1-9]\d*$", value[0]):
            return
        guard = next((c for c in reversed(chain) if c.kind == "if"), None)
        if guard is not None and (guard.body is node or
                                  ctree.children(guard.body)[-1:] == [node]):
            cond = _strip_hint(fn.texts(*guard.cond))
            if len(value) == 1 and cond in ([value[0]], [value[0], "<", "0"],
                                            [value[0], "!=", "0"]):
                return
            if value[:2] == ["PTR_ERR", "("] and cond[:2] == ["IS_ERR", "("] and \
                    value[2:] == cond[2:]:
                return
        raise Refusal(Reason.EARLY_RETURN_ZERO, "'return %s;'" % " ".join(value))
