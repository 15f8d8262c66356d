# SPDX-License-Identifier: GPL-2.0
"""Where each local of the legacy function goes: repeated from the argument, local to one
callback, one copy per callback, or a field of the per-thread context.

A local declared before the loop is looked at in the three places it can be used: init
(code before the loop), func (one iteration) and destroy (code after the loop).  It is a
context field when its value flows from one place to another or from one iteration to the
next; a copy is enough when every place writes it before reading it, on every path
(`assigned_first`, a structured, conservative data-flow check).
"""
import enum
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set, Tuple

from . import ctree, macrouse
from .anatomy import Anatomy, TopMode
from .model import Reason, Refusal

INIT, FUNC, DESTROY = "init", "func", "destroy"
PLACES = (INIT, FUNC, DESTROY)

PURE_CALLS = frozenset(("sizeof", "ARRAY_SIZE", "BIT", "BIT_ULL", "GENMASK", "msecs_to_jiffies",
                        "usecs_to_jiffies", "secs_to_jiffies", "nsecs_to_jiffies", "offsetof",
                        "container_of", "READ_ONCE", "__alignof__", "typeof", "min", "max",
                        "min_t", "max_t", "clamp", "DIV_ROUND_UP", "HZ_TO_MSEC"))
TYPE_WORDS = frozenset(("struct", "union", "enum", "const", "volatile", "unsigned", "signed",
                        "int", "long", "short", "char", "bool", "void", "u8", "u16", "u32",
                        "u64", "s8", "s16", "s32", "s64", "size_t", "ssize_t"))
ZERO_INITS = (["0"], ["NULL"], ["false"], ["{", "}"], ["{", "0", "}"], ["0UL"], ["0L"],
              ["0U"], ["0ULL"])
ASSIGN_OPS = frozenset(("=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>="))
#: Declaration macros whose variable the zeroed per-thread context can hold: the field's
#: type and the call init makes to give it the macro's value (include/linux/wait.h:
#: DECLARE_WAITQUEUE sets flags 0, private, func and leaves entry NULL, as
#: init_waitqueue_entry() on a zeroed entry; DEFINE_WAIT is init_wait(); list.h).
CTX_MACROS = {"DECLARE_WAITQUEUE": ("struct wait_queue_entry", "init_waitqueue_entry"),
              "DEFINE_WAIT": ("struct wait_queue_entry", "init_wait"),
              "LIST_HEAD": ("struct list_head", "INIT_LIST_HEAD")}
DECL_MACRO = re.compile(r"^(DECLARE_\w+|DEFINE_\w+|LIST_HEAD|LLIST_HEAD|HLIST_HEAD)$")


class Fate(enum.Enum):
    REPEAT = "repeated from the argument in each callback that uses it"
    LOCAL = "local to the one callback that uses it"
    COPIES = "one copy per callback, each written before it is read"
    CTX = "field of the per-thread context"
    STATIC = "static local of the one callback that uses it"
    DROPPED = "no use left"


@dataclass
class Local:
    name: str
    stmt: object                  # the declaration statement node
    index: int                    # declarator number in that statement
    base: str                     # base type text
    declarator: str               # declarator text (without initializer)
    init: Optional[Tuple[int, int]]   # token range of the initializer
    init_text: str = ""
    uses: Dict[str, int] = field(default_factory=dict)   # place -> number of uses
    fate: Fate = Fate.LOCAL
    places: Tuple[str, ...] = ()  # callbacks declaring it (REPEAT/LOCAL/COPIES/STATIC)
    keep_init: Tuple[str, ...] = ()   # callbacks whose copy keeps the initializer
    zero_init: bool = False
    macro: bool = False
    macro_words: Tuple[str, ...] = ()   # a macro declaration's statement
    zero_type: Optional[str] = None   # a macro's declared struct type, zeroed
    static: bool = False
    deps: Tuple[str, ...] = ()    # locals its initializer reads
    type_deps: Tuple[str, ...] = ()   # locals (or the parameter) its type names (typeof)
    macros: Tuple[str, ...] = ()  # macros of the function naming it


@dataclass
class Regions:
    """The statements each callback runs, in order, and token ranges read on the way."""
    init: list
    func: list
    destroy: list
    func_reads: List[Tuple[int, int]]   # extra loop condition, stop-check extra
    skip: Set[int]                      # ids of nodes removed from func

    def nodes(self, place: str) -> list:
        return {INIT: self.init, FUNC: self.func, DESTROY: self.destroy}[place]


def regions_of(anat: Anatomy) -> Regions:
    body = ctree.children(anat.loop.body)
    skip = {id(n) for _, n in anat.leading}
    init = list(anat.pre)
    func_reads: List[Tuple[int, int]] = []
    if anat.extra_cond is not None:
        func_reads.append(anat.extra_cond)
    destroy: list = []
    func = [n for n in body if id(n) not in skip]
    stop = anat.stop
    if stop is not None:
        destroy.extend(stop.handler)
        skip.update(id(n) for n in stop.handler)
        if stop.mode is not TopMode.TRANSPARENT:
            func = [n for n in func if n is not stop.node]
            skip.add(id(stop.node))
            cond = stop.node.cond
            if stop.extra is not None:
                func_reads.append(cond)
        if stop.mode is TopMode.ROTATED:
            func = [n for n in func if all(n is not p for p in anat.prefix)] + anat.prefix
            init.extend(anat.prefix)
    destroy.extend(n for n in anat.post if n is not anat.final_return and
                   n is not anat.after_label)
    return Regions(init, func, destroy, func_reads, skip)


# Token uses --------------------------------------------------------------------------------

def occurrences(fn: ctree.Function, start: int, end: int, name: str) -> List[int]:
    """Token indices in [start, end) naming the variable name (not members, labels,
    goto targets)."""
    toks = fn.toks
    found = []
    for i in range(start, min(end, len(toks))):
        if toks[i].text != name or toks[i].kind != "id":
            continue
        prev = toks[i - 1].text if i else ""
        nxt = toks[i + 1].text if i + 1 < len(toks) else ""
        if prev in (".", "->", "goto"):
            continue
        if nxt == ":" and prev in (";", "{", "}"):
            continue
        found.append(i)
    return found


def _node_ranges(fn: ctree.Function, nodes: list, skip: Set[int]) -> List[Tuple[int, int]]:
    """Token ranges covered by nodes, minus the skipped sub-nodes."""
    ranges: List[Tuple[int, int]] = []

    def add(node):
        if id(node) in skip:
            return
        inner = [n for n, _ in fn.walk(node) if id(n) in skip and n is not node]
        if not inner:
            ranges.append((node.start, node.end + 1))
            return
        cut = node.start
        for sub in sorted(inner, key=lambda n: n.start):
            if sub.start >= cut:
                ranges.append((cut, sub.start))
                cut = sub.end + 1
        ranges.append((cut, node.end + 1))

    for node in nodes:
        add(node)
    return ranges


@dataclass(frozen=True)
class MacroUses:
    """Macros of the function naming a local: their uses read it (and may write it)."""
    reading: Dict[str, frozenset] = field(default_factory=dict)
    writing: Dict[str, frozenset] = field(default_factory=dict)
    partly: Dict[str, frozenset] = field(default_factory=dict)   # not in every definition


def reads(fn: ctree.Function, start: int, end: int, name: str,
          via: Optional[MacroUses] = None) -> List[int]:
    """Token indices in [start, end) that read name: its occurrences and the uses of
    macros naming it."""
    found = occurrences(fn, start, end, name)
    macros = (via or fn_macro_uses(fn)).reading.get(name)
    if macros:
        found += [i for i in range(start, min(end, len(fn.toks)))
                  if fn.toks[i].text in macros and fn.toks[i].kind == "id"]
    return sorted(found)


def fn_macro_uses(fn: ctree.Function) -> MacroUses:
    return fn.macro_uses or MacroUses()


def uses_in(fn: ctree.Function, ranges: List[Tuple[int, int]], name: str) -> List[int]:
    return [i for a, b in ranges for i in reads(fn, a, b, name)]


# Definite assignment -----------------------------------------------------------------------

class _Read(Exception):
    pass


# Macros that store into their last argument (the saved interrupt flags).
SAVES_LAST = frozenset(("spin_lock_irqsave", "spin_lock_irqsave_nested", "raw_spin_lock_irqsave",
                        "read_lock_irqsave", "write_lock_irqsave", "local_irq_save",
                        "local_save_flags", "xa_lock_irqsave", "spin_trylock_irqsave",
                        "raw_spin_lock_irqsave_nested", "flags_save"))


def _assigns(fn: ctree.Function, node, name: str) -> bool:
    """`name = E;` as a whole statement, E not reading name, or a statement
    `spin_lock_irqsave(lock, name);` and the like, which only store into name."""
    words = fn.texts(node.start, node.end + 1)
    if len(words) > 3 and words[0] == name and words[1] == "=" and words[-1] == ";":
        return not reads(fn, node.start + 2, node.end, name)
    return (len(words) > 4 and words[0] in SAVES_LAST and words[1] == "(" and
            words[-3:] == [name, ")", ";"] and words[-4] in (",", "(") and
            len(reads(fn, node.start, node.end + 1, name)) == 1)


def _check_reads(fn: ctree.Function, start: int, end: int, name: str, defined: bool) -> None:
    if not defined and reads(fn, start, end, name):
        raise _Read()


def _flow(fn: ctree.Function, node, name: str, defined: bool, skip: Set[int]) -> bool:
    """Whether name is defined after node, raising _Read on a read before definition.
    A path that jumps away counts as defined (it reaches no later read)."""
    if node is None or id(node) in skip:
        return defined
    kind = node.kind
    if kind == "block":
        return _flow_list(fn, node.children, name, defined, skip)
    if kind in ("simple", "decl"):
        if kind == "simple" and _assigns(fn, node, name):
            if fn.toks[node.start].text == name:
                _check_reads(fn, node.start + 2, node.end + 1, name, defined)
            return True
        _check_reads(fn, node.start, node.end + 1, name, defined)
        return defined
    if kind == "if":
        _check_reads(fn, node.cond[0], node.cond[1], name, defined)
        then = _flow(fn, node.body, name, defined, skip)
        other = _flow(fn, node.orelse, name, defined, skip) if node.orelse else defined
        return then and other
    if kind == "loop":
        cond_words = fn.texts(node.cond[0], node.cond[0] + 4)
        if node.what == "iterator" and (cond_words[:2] == [name, ","] or (
                (node.name or "").endswith("_safe") and cond_words[2:4] == [name, ","])):
            # list_for_each_entry(name, ...) and the like assign their first argument,
            # the _safe ones their second too
            _check_reads(fn, node.cond[0] + 4, node.cond[1], name, defined)
            if cond_words[:2] != [name, ","]:
                _check_reads(fn, node.cond[0], node.cond[0] + 1, name, defined)
            _flow(fn, node.body, name, True, skip)
            return True
        if node.what == "for":
            init_end = node.cond[0]
            words = fn.texts(node.start + 2, init_end - 1)
            if len(words) > 2 and words[0] == name and words[1] == "=" and \
                    not reads(fn, node.start + 4, init_end - 1, name):
                defined = True
            else:
                _check_reads(fn, node.start + 2, init_end, name, defined)
        if node.what != "do" and node.cond:
            _check_reads(fn, node.cond[0], node.cond[1], name, defined)
        after = _flow(fn, node.body, name, defined, skip)
        if node.what == "for":
            _check_reads(fn, node.cond[1], node.body.start, name, after and defined)
        if node.what == "do":
            _check_reads(fn, node.cond[0], node.cond[1], name, after)
            return after
        return defined
    if kind == "switch":
        _check_reads(fn, node.cond[0], node.cond[1], name, defined)
        state = defined
        for child in ctree.children(node.body):
            if child.kind == "case":
                state = defined
            state = _flow(fn, child, name, state, skip)
        return defined
    if kind == "jump":
        _check_reads(fn, node.start, node.end + 1, name, defined)
        return True
    if kind == "label":
        return False
    _check_reads(fn, node.start, node.end + 1, name, defined)
    return defined


def _flow_list(fn, nodes, name, defined, skip) -> bool:
    for node in nodes:
        defined = _flow(fn, node, name, defined, skip)
    return defined


def assigned_first(fn: ctree.Function, nodes: list, name: str, skip: Set[int],
                   reads: List[Tuple[int, int]] = ()) -> bool:
    """Whether every path through nodes writes name before reading it."""
    try:
        for a, b in reads:
            _check_reads(fn, a, b, name, False)
        _flow_list(fn, nodes, name, False, skip)
    except _Read:
        return False
    return True


# Declarations ------------------------------------------------------------------------------

_DECLARATOR_PREFIX = frozenset(("*", "const", "volatile", "__iomem", "__rcu", "__percpu",
                                "__user", "__force", "("))


def declared_locals(anat: Anatomy) -> List[Local]:
    fn = anat.fn
    found: List[Local] = []
    for node in anat.pre:
        if node.kind not in ("simple", "decl"):
            continue
        words = fn.texts(node.start, node.end + 1)
        if node.kind == "simple" and len(words) > 3 and DECL_MACRO.match(words[0]) and \
                words[1] == "(":
            found.append(Local(name=words[2], stmt=node, index=0, base="",
                               declarator=fn.text[fn.toks[node.start].start:
                                                  fn.toks[node.end].start],
                               init=None, macro=True, macro_words=tuple(words)))
            continue
        decls = fn.declarations(node)
        prev_end = None
        for index, (name, at, init) in enumerate(decls):
            start = at
            if index == 0:
                while start - 1 > node.start and fn.toks[start - 1].text in \
                        _DECLARATOR_PREFIX:
                    start -= 1
                base_end = start
                prev_end = start
            else:
                start = prev_end
            end = init[0] - 1 if init is not None else _declarator_end(fn, at, node.end)
            base = fn.text[fn.toks[node.start].start:fn.toks[base_end - 1].end]
            local = Local(name=name, stmt=node, index=index, base=base,
                          declarator=fn.text[fn.toks[start].start:fn.toks[end - 1].end],
                          init=init)
            if init is not None:
                local.init_text = fn.text[fn.toks[init[0]].start:fn.toks[init[1] - 1].end]
                local.zero_init = fn.texts(*init) in ZERO_INITS
            local.static = "static" in fn.texts(node.start, base_end)
            found.append(local)
            stop = init[1] if init is not None else end
            prev_end = stop + 1
    return found


def _declarator_end(fn: ctree.Function, at: int, last: int) -> int:
    depth = 0
    for i in range(at, last + 1):
        t = fn.toks[i].text
        if t in ("(", "["):
            depth += 1
        elif t in (")", "]"):
            depth -= 1
        elif depth == 0 and t in (",", ";"):
            return i
    return last


def _calls(words: List[str]) -> List[str]:
    return [w for i, w in enumerate(words) if ctree.is_word(w) and i + 1 < len(words)
            and words[i + 1] == "("]


def side_effect_free(words: List[str], calls: bool = False) -> bool:
    """No assignment, increment or decrement; and no call other than pure ones, unless
    calls (they may then change memory, but no local whose address is not taken)."""
    return (calls or not (set(_calls(words)) - PURE_CALLS)) and \
        not any(w in ("++", "--") or w in ASSIGN_OPS for w in words)


def constant(words: List[str]) -> bool:
    """Literals, upper-case macros, sizeof and pure calls of those: the same value at any
    time."""
    if not side_effect_free(words):
        return False
    for w in words:
        if ctree.is_word(w) and not (w.isupper() or w[0] == "_" and w[1:].isupper() or
                                     w in PURE_CALLS or w in TYPE_WORDS or
                                     w in ("NULL", "true", "false")):
            if not re.match(r"^[A-Z_][A-Z0-9_]*$", w):
                return False
    return True


def _strip_cast(words: List[str]) -> List[str]:
    while len(words) > 2 and words[0] == "(":
        close = ctree_close(words, 0)
        inner = words[1:close]
        if close < 0 or not inner or not all(w in TYPE_WORDS or w == "*" or ctree.is_word(w)
                                             for w in inner) or close == len(words) - 1:
            break
        if not (len(inner) >= 2 and inner[-1] == "*" or inner[0] in TYPE_WORDS):
            break
        words = words[close + 1:]
    return words


def ctree_close(words: List[str], i: int) -> int:
    depth = 0
    for j in range(i, len(words)):
        if words[j] in ("(", "["):
            depth += 1
        elif words[j] in (")", "]"):
            depth -= 1
            if depth == 0:
                return j
    return -1


def from_argument(words: List[str], sources: Set[str]) -> bool:
    """An address computed from the argument (or a local so computed) without reading
    memory: `p`, `(T *)p`, `&p->m.n`, `container_of(p, T, m)`."""
    words = _strip_cast(words)
    if len(words) == 1:
        return words[0] in sources
    if words[:2] == ["container_of", "("] and words[-1] == ")" and len(words) > 4:
        return words[2] in sources and words[3] == ","
    if words and words[0] == "&" and len(words) >= 4 and words[1] in sources and \
            words[2] == "->":
        rest = words[3:]
        return all(ctree.is_word(w) if i % 2 == 0 else w == "." for i, w in enumerate(rest))
    return False


def written(fn: ctree.Function, name: str, start: int, end: int) -> bool:
    toks = fn.toks
    writers = fn_macro_uses(fn).writing.get(name, ())
    if any(toks[i].text in writers for i in range(start, min(end, len(toks)))):
        return True
    for i in occurrences(fn, start, end, name):
        nxt = toks[i + 1].text if i + 1 < len(toks) else ""
        prev = toks[i - 1].text
        if nxt in ASSIGN_OPS or nxt in ("++", "--"):
            return True
        if prev in ("++", "--") and nxt not in ("->", ".", "["):
            return True   # ++p->field writes the field, not p
        if prev == "&" and toks[i - 2].text not in (")", "]") and \
                toks[i - 2].kind != "id" and nxt not in ("->", ".", "["):
            return True
    return False


# The decision ------------------------------------------------------------------------------

@dataclass
class State:
    locals: List[Local]
    regions: Regions

    def ctx_fields(self) -> List[Local]:
        return [loc for loc in self.locals if loc.fate is Fate.CTX]

    def by_name(self) -> Dict[str, Local]:
        return {loc.name: loc for loc in self.locals}


def zero_declaration(macro) -> Optional[str]:
    """`struct T` when macro is `#define M(name) struct T name = { 0, ... }` (or `= {}`):
    a local it declares starts zeroed, as a context field does."""
    if macro is None or not macro.params or len(macro.params) != 1:
        return None
    words = [t.text for t in macro.body]
    if len(words) < 6 or words[0] != "struct" or not ctree.is_word(words[1]) or \
            words[2] != macro.params[0] or words[3:5] != ["=", "{"] or words[-1] != "}":
        return None
    inner = words[5:-1]
    if inner and (inner[::2] != ["0"] * len(inner[::2]) or
                  inner[1::2] != [","] * len(inner[1::2]) or inner[-1] != "0"):
        return None
    return "struct %s" % words[1]


def decide(anat: Anatomy, macros: Optional[macrouse.MacroNames] = None,
           zero_macros: Optional[Dict[str, str]] = None) -> State:
    """Each local's fate; macros are those of the file and its local headers; zero_macros
    the declaration macros known to declare a zeroed struct (name -> type)."""
    fn = anat.fn
    regions = regions_of(anat)
    locals_ = declared_locals(anat)
    for loc in locals_:
        if loc.macro:
            loc.zero_type = (zero_macros or {}).get(fn.toks[loc.stmt.start].text)
    names = [loc.name for loc in locals_]
    check_shadowing(anat, names)
    macros = macros or macrouse.MacroNames()
    declared_by_macro = _declared_by_macros(anat, macros)
    body_top = _body_top_locals(anat)
    via = macrouse.users(fn.toks, macros, names + sorted(declared_by_macro) + body_top)
    fn.macro_uses = MacroUses(via, macrouse.writers(macros, via), macrouse.partly(macros, via))
    if written(fn, anat.param, fn.body_open, len(fn.toks)):
        raise Refusal(Reason.PARAM_WRITTEN, anat.param)
    ranges = {place: _node_ranges(fn, regions.nodes(place), regions.skip if place == FUNC
                                  else set()) for place in PLACES}
    ranges[FUNC] = ranges[FUNC] + list(regions.func_reads)
    # Uses inside the initializers of other locals count where those are emitted
    # (_close_dependencies), not here.
    decl_stmts = {id(loc.stmt) for loc in locals_}
    init_ranges = [r for n in anat.pre if id(n) not in decl_stmts
                   for r in _node_ranges(fn, [n], set())]
    for node in regions.init[len(anat.pre):]:
        init_ranges.extend(_node_ranges(fn, [node], set()))
    ranges[INIT] = init_ranges
    for name, macro in sorted(declared_by_macro.items()):
        if uses_in(fn, ranges[FUNC] + ranges[DESTROY], name):
            raise Refusal(Reason.STATE_MACRO, "'%s' declared by %s() before the loop"
                          % (name, macro))
    check_rotated_uses(anat, body_top)
    sources = {anat.param}
    for loc in locals_:
        loc.uses = {p: n for p in PLACES for n in [len(uses_in(fn, ranges[p], loc.name))] if n}
        if loc.init is not None:
            words = fn.texts(*loc.init)
            loc.deps = tuple(sorted({w for w in words if w in names and w != loc.name}))
        loc.type_deps = tuple(sorted({w for w in _type_names(loc)
                                      if w in names + [anat.param] and w != loc.name}))
        loc.macros = tuple(sorted(via.get(loc.name, ())))
        _decide_one(anat, regions, loc, sources)
    _close_dependencies(locals_)
    for loc in locals_:
        check_macro_only_uses(fn, loc, ranges)
    check_init_order(anat, locals_)
    return State(locals_, regions)


def _hoisted(loc: Local) -> bool:
    """Whether init evaluates loc's initializer in an assignment after the declarations
    (a context field, or a dropped local whose initializer is kept for its effects)."""
    if loc.fate is Fate.CTX:
        return loc.macro or loc.init is not None and not loc.zero_init
    return loc.fate is Fate.DROPPED and bool(loc.keep_init)


def _commute(fn, moved: Local, kept: Local, names: Set[str]) -> bool:
    """Whether kept's declaration may run before moved's hoisted initializer."""
    if kept.init is None and not kept.macro:
        return True
    later = fn.texts(kept.stmt.start, kept.stmt.end + 1) if kept.macro else \
        fn.texts(*kept.init)
    if moved.name in later:
        return False
    if moved.macro:
        return True   # the call only sets the field (and reads current)
    first = fn.texts(*moved.init)
    return constant(first) or not kept.macro and constant(later) or \
        side_effect_free(first) and side_effect_free(later) or \
        side_effect_free(first) and _reads_private_locals(fn, first, names) and \
        side_effect_free(later, calls=True)


def _reads_private_locals(fn, words: List[str], names: Set[str]) -> bool:
    """Whether words read nothing but constants and locals whose address is never taken:
    nothing a later initializer can change without assigning them by name."""
    everything = fn.texts(0, len(fn.toks))
    for i, w in enumerate(words):
        if w in ("->", ".", "[", "(") or w == "*" and (i == 0 or not (
                ctree.is_word(words[i - 1]) or words[i - 1] == ")")):
            return False
        if ctree.is_word(w) and w not in names and not constant([w]):
            return False
    read = {w for w in words if w in names}
    return not any(everything[i] == "&" and everything[i + 1] in read
                   for i in range(len(everything) - 1))


def check_init_order(anat: Anatomy, locals_: List[Local]) -> None:
    """init keeps the declarations it needs and assigns the hoisted initializers after the
    leading declaration block (or after the statement, further down): exact only when each
    declaration that now runs first commutes with them (`int a = 5; int b = a;` with a in
    the context would read the field before it is set)."""
    fn = anat.fn
    names = {loc.name for loc in locals_} | {anat.param}
    by_stmt: Dict[int, List[Local]] = {}
    for loc in locals_:
        by_stmt.setdefault(id(loc.stmt), []).append(loc)
    scopes: List[List[Local]] = []
    leading: List[Local] = []
    in_leading = True
    for node in anat.pre:
        group = by_stmt.get(id(node))
        if group is None:
            in_leading = False
            continue
        if in_leading:
            leading.extend(group)
        else:
            scopes.append(group)
    scopes.append(leading)
    for scope in scopes:
        for i, moved in enumerate(scope):
            if not _hoisted(moved):
                continue
            for kept in scope[i + 1:]:
                if INIT in kept.places and not _hoisted(kept) and \
                        not _commute(fn, moved, kept, names):
                    raise Refusal(Reason.STATE_LOCAL, "'%s' would be set after '%s' is "
                                  "declared in init" % (moved.name, kept.name))


def check_macro_only_uses(fn: ctree.Function, loc: Local,
                          ranges: Dict[str, List[Tuple[int, int]]]) -> None:
    """A callback declaring a local only for macros some definition of which leaves it out
    would leave it unused (a warning) in the configurations that pick that definition."""
    partly = fn_macro_uses(fn).partly.get(loc.name, frozenset())
    if not partly or loc.fate is Fate.CTX:
        return
    for place in loc.places:
        if place not in loc.uses or uses_in_direct(fn, ranges[place], loc.name):
            continue
        used_by = {fn.toks[i].text for i in uses_in(fn, ranges[place], loc.name)}
        if used_by <= partly:
            raise Refusal(Reason.MACRO_LOCAL, "'%s' is used in %s only by %s, which not "
                          "every definition names it in" % (loc.name, place,
                                                            ", ".join(sorted(used_by))))


def uses_in_direct(fn: ctree.Function, ranges: List[Tuple[int, int]], name: str) -> bool:
    return any(occurrences(fn, a, b, name) for a, b in ranges)


def _type_names(loc: Local) -> List[str]:
    """Identifiers the type of a local names (typeof(x->m) names x), members excepted."""
    toks = ctree.tokenize(loc.base + " " + loc.declarator)
    return [t.text for i, t in enumerate(toks) if t.kind == "id" and
            not (i and toks[i - 1].text in (".", "->"))]


def _declared_by_macros(anat: Anatomy, macros: macrouse.MacroNames) -> Dict[str, str]:
    """Names declared before the loop by a macro statement (`DEBUG_INITIALISE(p);`
    expanding to `int *debug_ptr = ...`), with the macro."""
    fn = anat.fn
    found: Dict[str, str] = {}
    for node in anat.pre:
        words = fn.texts(node.start, node.end + 1)
        if node.kind == "simple" and words and words[0] in macros.named and \
                not DECL_MACRO.match(words[0]):
            for name in macros.closure(words[0], macros.declared):
                found.setdefault(name, words[0])
    return found


def _body_top_locals(anat: Anatomy) -> List[str]:
    """Locals declared at the top of a rotated loop's body, before the rotated
    statements."""
    stop = anat.stop
    if stop is None or stop.mode is not TopMode.ROTATED or not anat.prefix:
        return []
    body = ctree.children(anat.loop.body)
    first = next(i for i, n in enumerate(body) if n is anat.prefix[0])
    return [name for node in body[:first] for name, _, _ in anat.fn.declarations(node)]


def check_rotated_uses(anat: Anatomy, body_top: List[str]) -> None:
    """The statements before the stop check of a rotated loop also run at the end of init,
    where the loop body's declarations do not reach."""
    for name in body_top:
        for part in anat.prefix:
            if reads(anat.fn, part.start, part.end + 1, name):
                raise Refusal(Reason.STOP_NOT_FIRST, "'%s', declared in the loop body, "
                              "is used before the stop check" % name)


def _decide_one(anat: Anatomy, regions: Regions, loc: Local, sources: Set[str]) -> None:
    fn = anat.fn
    places = tuple(p for p in PLACES if p in loc.uses)
    init_words = fn.texts(*loc.init) if loc.init is not None else []
    if loc.macro:
        if not places or places in ((INIT,), (DESTROY,)) or \
                wait_entry_per_run(anat, regions, loc, places):
            loc.fate = Fate.DROPPED if not places else \
                Fate.LOCAL if len(places) == 1 else Fate.COPIES
            loc.places = places
            return
        if loc.zero_type is not None:
            # `struct T x = { 0, ... }` carried across iterations: a zeroed field is the same
            loc.base, loc.declarator, loc.macro, loc.zero_init = loc.zero_type, loc.name, \
                False, True
        _to_ctx(loc)
        return
    if loc.static:
        if len(places) > 1:
            raise Refusal(Reason.STATIC_SHARED, "'%s'" % loc.name)
        loc.fate, loc.places = (Fate.STATIC, places) if places else (Fate.DROPPED, ())
        loc.keep_init = loc.places
        return
    never_written = not written(fn, loc.name, loc.stmt.end + 1, len(fn.toks))
    if loc.init is not None and never_written and (from_argument(init_words, sources) or
                                                   constant(init_words)):
        sources.add(loc.name)
        loc.fate, loc.places, loc.keep_init = Fate.REPEAT, places, places
        return
    if not places:
        # Never read: the initializer, if it does something, stays as a statement.
        loc.fate = Fate.DROPPED
        loc.keep_init = (INIT,) if loc.init is not None and \
            not side_effect_free(init_words) else ()
        return
    flows = False
    if FUNC in places and not assigned_first(fn, regions.func, loc.name, regions.skip,
                                             regions.func_reads):
        flows = True
    if DESTROY in places and not assigned_first(fn, regions.destroy, loc.name, set()):
        if places != (DESTROY,) or loc.init is not None and not constant(init_words):
            flows = True
    effects = loc.init is not None and not side_effect_free(init_words)
    if not flows and effects and INIT not in places:
        flows = True
    if flows:
        _to_ctx(loc)
        return
    keep = tuple(p for p in places if p == INIT or loc.init is not None and
                 constant(init_words))
    loc.fate = Fate.LOCAL if len(places) == 1 else Fate.COPIES
    loc.places, loc.keep_init = places, keep


_LINKS = re.compile(r"^(add_wait_queue\w*|prepare_to_wait\w*)$")
_UNLINKS = frozenset(("remove_wait_queue", "finish_wait"))
WAIT_ENTRIES = ("DECLARE_WAITQUEUE", "DEFINE_WAIT", "DEFINE_WAIT_FUNC")


def wait_entry_per_run(anat: Anatomy, regions: Regions, loc: Local,
                       places: Tuple[str, ...]) -> bool:
    """A wait queue entry (DECLARE_WAITQUEUE, DEFINE_WAIT) can be declared afresh in each
    callback that uses it when none leaves it on a queue: every path through the callback
    (each iteration, for func) removes it again (finish_wait, remove_wait_queue) after
    adding it.  A fresh entry holds the same fields; the add calls set the flags they
    need."""
    fn = anat.fn
    words = fn.texts(loc.stmt.start, loc.stmt.end + 1)
    if words[0] not in WAIT_ENTRIES:
        return False
    mapped = {id(j.node) for j in anat.jumps}
    for place in places:
        exits: list = []
        skip = regions.skip if place == FUNC else {id(loc.stmt)}
        try:
            if _linked(fn, regions.nodes(place), loc.name, False, exits, skip):
                return False
        except _Read:
            return False
        if place == FUNC and any(state for node, state in exits if id(node) in mapped):
            return False
    return True


def _linked(fn: ctree.Function, nodes: list, name: str, linked: bool, exits: list,
            skip: Set[int]) -> bool:
    for node in nodes:
        if id(node) in skip:
            continue
        kind = node.kind
        if kind == "block":
            linked = _linked(fn, node.children, name, linked, exits, skip)
        elif kind == "if":
            linked = _link_calls(fn, node.cond[0], node.cond[1], name, linked)
            a = _linked(fn, [node.body], name, linked, exits, skip)
            b = _linked(fn, [node.orelse], name, linked, exits, skip) if node.orelse \
                else linked
            linked = a or b
        elif kind in ("loop", "switch"):
            if node.cond:
                linked = _link_calls(fn, node.cond[0], node.cond[1], name, linked)
            linked = _linked(fn, [node.body], name, linked, exits, skip) or linked
        else:
            linked = _link_calls(fn, node.start, node.end + 1, name, linked)
            if kind == "jump":
                exits.append((node, linked))
    return linked


def _link_calls(fn: ctree.Function, start: int, end: int, name: str, linked: bool) -> bool:
    """The entry's state after the calls in toks[start:end]; any other use of &name than
    adding or removing it is a _Read (it could be left anywhere)."""
    toks = fn.toks
    for i in occurrences(fn, start, end, name):
        if toks[i - 1].text != "&":
            raise _Read()
        j = i - 2
        depth = 0
        while j >= start and not (toks[j].text == "(" and depth == 0):
            depth += {")": 1, "(": -1}.get(toks[j].text, 0)
            j -= 1
        call = toks[j - 1].text if j > start else ""
        if _LINKS.match(call):
            linked = True
        elif call in _UNLINKS:
            linked = False
        else:
            raise _Read()
    return linked


def ctx_macro_call(words: List[str], name: str, target: Optional[str] = None
                   ) -> Optional[Tuple[str, List[str]]]:
    """(field type, call words) for the macro declaration words of local name when the
    context can hold it (`M(name)` or `M(name, current)` of CTX_MACROS), else None; the
    call sets up target (default: name itself)."""
    if not words or words[0] not in CTX_MACROS or words[-2:] != [")", ";"]:
        return None
    rest = words[3:-2]
    if rest not in ([], [",", "current"]) or words[2] != name:
        return None
    field_type, call = CTX_MACROS[words[0]]
    return field_type, [call, "(", "&", target or name] + rest + [")", ";"]


def ctx_macro(loc: Local) -> Optional[Tuple[str, List[str]]]:
    """ctx_macro_call() of a local declared by a macro."""
    return ctx_macro_call(list(loc.macro_words), loc.name) if loc.macro else None


def _to_ctx(loc: Local) -> None:
    if loc.macros:
        # the macro's body would still name the local, not the context field
        raise Refusal(Reason.MACRO_LOCAL, "'%s' would be a context field, used by %s"
                      % (loc.name, ", ".join(loc.macros)))
    if loc.macro:
        if ctx_macro(loc) is None:
            raise Refusal(Reason.STATE_MACRO, "'%s'" % loc.name)
        loc.fate, loc.places, loc.keep_init = Fate.CTX, (), ()
        return
    if loc.type_deps:
        raise Refusal(Reason.STATE_LOCAL, "the type of '%s' names '%s'"
                      % (loc.name, "', '".join(loc.type_deps)))
    stmt_words = loc.base.split()
    if any(w.startswith("__free") or w in ("__cleanup", "__attribute__", "register")
           for w in stmt_words + loc.declarator.split()):
        raise Refusal(Reason.STATE_LOCAL, "'%s' has an attribute or storage class"
                      % loc.name)
    if "[" in loc.declarator:
        dims = loc.declarator[loc.declarator.index("["):]
        if re.search(r"\b(?!sizeof\b|ARRAY_SIZE\b)[a-z_]\w*", dims):
            raise Refusal(Reason.STATE_LOCAL, "variable-length array '%s'" % loc.name)
        if loc.init is not None and not loc.zero_init:
            raise Refusal(Reason.STATE_LOCAL, "array '%s' with an initializer" % loc.name)
    if loc.init_text.startswith("{") and not loc.zero_init:
        raise Refusal(Reason.STATE_LOCAL, "'%s' with a brace initializer" % loc.name)
    loc.fate, loc.places, loc.keep_init = Fate.CTX, (), ()


def _close_dependencies(locals_: List[Local]) -> None:
    """Each callback that emits a local's initializer must see the locals it reads:
    context fields always do; repeated locals are added there; others must already be
    declared there with their value."""
    by_name = {loc.name: loc for loc in locals_}
    changed = True
    while changed:
        changed = False
        for loc in locals_:
            need = set(loc.keep_init)
            if loc.fate is Fate.CTX and loc.init is not None and not loc.zero_init:
                need.add(INIT)
            wanted = [(dep, need) for dep in loc.deps]
            wanted += [(dep, set(loc.places)) for dep in loc.type_deps if dep in by_name]
            for dep, need in wanted:
                other = by_name[dep]
                if dep in loc.type_deps and other.fate is Fate.CTX and need:
                    raise Refusal(Reason.STATE_LOCAL, "the type of '%s' names '%s'"
                                  % (loc.name, dep))
                missing = tuple(p for p in PLACES if p in need and p not in other.places)
                if other.fate is Fate.CTX or not missing:
                    continue
                if other.fate is Fate.REPEAT:
                    other.places = tuple(p for p in PLACES if p in other.places or
                                         p in missing)
                    other.keep_init = other.places
                    changed = True
                    continue
                # Anything else: the context holds the value for everyone.
                _to_ctx(other)
                changed = True


def check_shadowing(anat: Anatomy, names: List[str]) -> None:
    fn = anat.fn
    pre_ids = {id(n) for n in anat.pre}
    seen = set(names)
    if len(seen) != len(names):
        raise Refusal(Reason.SHADOWED, "declared twice before the loop")
    for node, chain in fn.walk(fn.root):
        if node.kind != "decl" or id(node) in pre_ids:
            continue
        for name, _, _ in fn.declarations(node):
            if name in seen or name == anat.param:
                raise Refusal(Reason.SHADOWED, "'%s' at line %d"
                              % (name, fn.toks[node.start].line))
    for node, _ in fn.walk(fn.root):
        if node.kind == "loop" and node.what == "for":
            words = fn.texts(node.start + 2, node.cond[0])
            for name in seen:
                if len(words) > 2 and name in words[1:3] and words[0] in TYPE_WORDS:
                    raise Refusal(Reason.SHADOWED, "'%s' in a for statement" % name)
