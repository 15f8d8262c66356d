# SPDX-License-Identifier: GPL-2.0
"""Statements of a function body, with their kinds and exact token and byte extents.

Not a C parser: expressions stay token ranges.  What it gives is enough to see and rewrite
the shape of a function: blocks; loops (while, for, do-while, iterator macros such as
list_for_each_entry(...) { }, and a label followed in the same block by a goto back to it);
if/else; switch and case labels; jumps (break, continue, return, goto) with the statement
they leave; labels; declarations with the names they declare; expression statements.
In-file macros whose body starts a loop are expanded in place; preprocessor lines are kept
aside as directives, with the conditional groups they form (see preproc.py).

Node.start and Node.end are inclusive token indexes into Function.tokens; ranges such as
Node.cond are [start, stop) token index pairs.  Function.extent() turns a node into byte
offsets, Function.position() a token into (line, col, offset).
"""
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

from .macros import Macro
from .preproc import (ALTERNATIVE, OPENING, Conditional, conditionals, crossing,
                      drop_unbalanced)
from .tokens import CLOSERS, ID, OP, OPENERS, Directive, Token, match_bracket, scan

KEYWORDS = frozenset((
    "if", "else", "while", "for", "do", "switch", "case", "default",
    "break", "continue", "return", "goto", "sizeof", "typeof",
    "__typeof__", "asm", "__asm__", "volatile"))

TYPE_WORDS = frozenset((
    "int", "long", "short", "char", "bool", "_Bool", "void", "unsigned",
    "signed", "float", "double", "const", "volatile", "static",
    "register", "struct", "union", "enum", "u8", "u16", "u32", "u64",
    "s8", "s16", "s32", "s64", "__u8", "__u16", "__u32", "__u64",
    "size_t", "ssize_t", "loff_t", "pid_t", "sigset_t", "ktime_t",
    "atomic_t", "__maybe_unused", "__always_unused", "auto"))

#: Type specifiers written as typeof(expression or type).
TYPEOF_WORDS = frozenset(("typeof", "__typeof__", "__typeof", "typeof_unqual",
                          "__typeof_unqual__"))

#: Node.kind values.
BLOCK = "block"
LOOP = "loop"
IF = "if"
SWITCH = "switch"
CASE = "case"
JUMP = "jump"
LABEL = "label"
DECL = "decl"
SIMPLE = "simple"

#: Loop.what values.
WHILE = "while"
FOR = "for"
DO = "do"
ITERATOR = "iterator"
GOTO = "goto"

MAX_EXPANSIONS = 50

Range = Tuple[int, int]


class Node:
    """A statement.  kind is one of the constants above; start/end are inclusive token
    indexes.  Per kind:

    loop:   what (while/for/do/iterator/goto), cond (range; empty for `for (;;)` and for
            goto loops), body, and for `for` also init and step (ranges); do_while is the
            index of the `while` of a do-while; name is the iterator macro or the label.
    if:     cond, body (then), orelse.
    switch: cond, body.
    case:   the `case X:` / `default:` label itself.
    jump:   what (break/continue/return/goto), name (goto label), target (the loop or
            switch a break/continue leaves, the label node of a goto, None for return).
    label:  name.
    decl:   decls, a list of (name, token index of the name, initializer range or None).
    block:  children.
    """

    def __init__(self, kind: str, start: int, end: int, **fields: object):
        self.kind = kind
        self.start = start
        self.end = end
        self.cond: Optional[Range] = None
        self.body: Optional["Node"] = None
        self.orelse: Optional["Node"] = None
        self.children: List["Node"] = []
        self.name: Optional[str] = None
        self.what: Optional[str] = None
        self.init: Optional[Range] = None
        self.step: Optional[Range] = None
        self.do_while: Optional[int] = None
        self.decls: List[Tuple[str, int, Optional[Range]]] = []
        self.target: Optional["Node"] = None
        self.looped = False
        for key, value in fields.items():
            setattr(self, key, value)

    def __repr__(self) -> str:
        return f"Node({self.kind}, {self.what or self.name or ''}, {self.start}-{self.end})"

    def subnodes(self) -> List["Node"]:
        return [n for n in (self.body, self.orelse) if n is not None] + self.children


def walk(node: Node, inside: Optional[List[Node]] = None
         ) -> Iterator[Tuple[Node, List[Node]]]:
    """All nodes below node (pre-order), each with the chain of enclosing nodes."""
    inside = inside or []
    yield node, inside
    for child in node.subnodes():
        yield from walk(child, inside + [node])


def declarations(tokens: Sequence[Token], start: int, end: int
                 ) -> List[Tuple[str, int, Optional[Range]]]:
    """Names declared by the statement tokens[start:end] (without its `;`), as (name, name
    index, initializer range or None); [] when it is not a declaration."""
    i = start
    saw_type = False
    while i < end and tokens[i].kind == ID and (tokens[i].text in TYPE_WORDS or
                                                tokens[i].text in TYPEOF_WORDS):
        if tokens[i].text in TYPEOF_WORDS:
            if i + 1 >= end or tokens[i + 1].text != "(":
                return []
            i = match_bracket(tokens, i + 1)
            if i >= end:
                return []
        elif tokens[i].text in ("struct", "union", "enum"):
            i += 1
        saw_type = True
        i += 1
    if not saw_type:
        if i >= end or not (tokens[i].kind == ID and i + 1 < end and
                            (tokens[i + 1].kind == ID or
                             (tokens[i + 1].text == "*" and i + 2 < end and
                              tokens[i + 2].kind == ID))):
            return []
        if tokens[i].text in KEYWORDS:
            return []
        i += 1
    decls = []
    while i < end:
        name = None
        depth = 0
        j = i
        while j < end:
            text = tokens[j].text
            if text in ("(", "["):
                depth += 1
            elif text in (")", "]"):
                depth -= 1
            elif depth == 0 and text in (",", "="):
                break
            elif tokens[j].kind == ID and name is None and text not in TYPE_WORDS and \
                    (depth == 0 or tokens[j - 1].text == "*"):
                name = j
            j += 1
        init = None
        if j < end and tokens[j].text == "=":
            k = j + 1
            depth = 0
            while k < end:
                text = tokens[k].text
                if text in OPENERS:
                    depth += 1
                elif text in CLOSERS:
                    depth -= 1
                elif text == "," and depth == 0:
                    break
                k += 1
            init = (j + 1, k)
            j = k
        if name is not None:
            decls.append((tokens[name].text, name, init))
        i = j + 1
    return decls


class _Parser:
    """Recursive descent over the tokens of one function body."""

    def __init__(self, tokens: List[Token], macros: Dict[str, Macro]):
        self.tokens = tokens
        self.macros = macros
        self.expansions = 0

    def text(self, i: int) -> str:
        return self.tokens[i].text if i < len(self.tokens) else ""

    def kind(self, i: int) -> str:
        return self.tokens[i].kind if i < len(self.tokens) else ""

    def expand_loop_macro(self, i: int) -> bool:
        """Splice an in-file macro whose body starts a loop into the tokens at i."""
        macro = self.macros[self.text(i)]
        end = i
        args: List[List[Token]] = []
        if macro.params is not None:
            if self.text(i + 1) != "(":
                return False
            end = match_bracket(self.tokens, i + 1)
            current: List[Token] = []
            depth = 0
            for tok in self.tokens[i + 2:end]:
                if tok.text == "," and depth == 0:
                    args.append(current)
                    current = []
                    continue
                if tok.text in OPENERS:
                    depth += 1
                elif tok.text in CLOSERS:
                    depth -= 1
                current.append(tok)
            args.append(current)
        use = self.tokens[i]
        last = self.tokens[end]

        def spliced(tok: Token) -> Token:
            return Token(tok.kind, tok.text, use.line, use.col, use.offset, last.end,
                         macro.name)

        out: List[Token] = []
        for tok in macro.body:
            if macro.params is not None and tok.kind == ID and tok.text in macro.params:
                index = macro.params.index(tok.text)
                out += [spliced(arg) for arg in (args[index] if index < len(args) else [])]
            else:
                out.append(spliced(tok))
        self.tokens[i:end + 1] = out
        self.expansions += 1
        return True

    def block(self, i: int) -> Tuple[Node, int]:
        """Parse '{ ... }' at tokens[i]; return the node and the next index."""
        node = Node(BLOCK, i, i)
        j = i + 1
        while j < len(self.tokens) and self.text(j) != "}":
            child, j = self.statement(j)
            node.children.append(child)
        node.end = j
        return node, j + 1

    def statement(self, i: int) -> Tuple[Node, int]:
        text = self.text(i)
        kind = self.kind(i)
        if text == "{" and kind == OP:
            return self.block(i)
        if kind == ID and text in ("while", "switch") and self.text(i + 1) == "(":
            close = match_bracket(self.tokens, i + 1)
            body, nxt = self.statement(close + 1)
            return Node(LOOP if text == "while" else SWITCH, i, nxt - 1, cond=(i + 2, close),
                        body=body, what=WHILE if text == "while" else None), nxt
        if kind == ID and text == "for" and self.text(i + 1) == "(":
            close = match_bracket(self.tokens, i + 1)
            depth = 0
            semis = []
            for j in range(i + 2, close):
                if self.text(j) in OPENERS:
                    depth += 1
                elif self.text(j) in CLOSERS:
                    depth -= 1
                elif self.text(j) == ";" and depth == 0:
                    semis.append(j)
            if len(semis) >= 2:
                cond, init, step = (semis[0] + 1, semis[1]), (i + 2, semis[0]), \
                    (semis[1] + 1, close)
            else:
                cond, init, step = (close, close), None, None
            body, nxt = self.statement(close + 1)
            return Node(LOOP, i, nxt - 1, cond=cond, body=body, what=FOR, init=init,
                        step=step), nxt
        if kind == ID and text == "do":
            body, nxt = self.statement(i + 1)
            if self.text(nxt) == "while" and self.text(nxt + 1) == "(":
                close = match_bracket(self.tokens, nxt + 1)
                end = close + 1 if self.text(close + 1) == ";" else close
                return Node(LOOP, i, end, cond=(nxt + 2, close), body=body, what=DO,
                            do_while=nxt), end + 1
            return Node(LOOP, i, nxt - 1, cond=(nxt, nxt), body=body, what=DO), nxt
        if kind == ID and text == "if" and self.text(i + 1) == "(":
            close = match_bracket(self.tokens, i + 1)
            then, nxt = self.statement(close + 1)
            orelse = None
            if self.text(nxt) == "else":
                orelse, nxt = self.statement(nxt + 1)
            return Node(IF, i, nxt - 1, cond=(i + 2, close), body=then, orelse=orelse), nxt
        if kind == ID and text in ("case", "default"):
            j = i + 1
            while j < len(self.tokens) and self.text(j) != ":":
                j += 1
            return Node(CASE, i, j), j + 1
        if kind == ID and text in ("break", "continue", "return", "goto"):
            j = self.statement_end(i)
            name = self.text(i + 1) if text == "goto" else None
            return Node(JUMP, i, j, name=name, what=text), j + 1
        if kind == ID and self.text(i + 1) == ":" and text not in KEYWORDS:
            return Node(LABEL, i, i + 1, name=text), i + 2
        macro = self.macros.get(text) if kind == ID else None
        if (macro is not None and self.expansions < MAX_EXPANSIONS and macro.body and
                macro.body[0].text in ("while", "for", "do")):
            if self.expand_loop_macro(i):
                return self.statement(i)
        if kind == ID and text not in KEYWORDS:
            # Iterator macros: NAME(args) { ... } or NAME { ... }.
            nxt = i + 1
            if self.text(nxt) == "(":
                nxt = match_bracket(self.tokens, nxt) + 1
            if self.text(nxt) == "{":
                body, after = self.statement(nxt)
                cond = (i + 2, nxt - 1) if nxt > i + 1 else (i, i)
                return Node(LOOP, i, after - 1, cond=cond, body=body, what=ITERATOR,
                            name=text), after
        # A stray closing bracket is skipped as a statement of its own so that parsing
        # moves on.
        j = max(self.statement_end(i), i)
        decls = declarations(self.tokens, i, j)
        if decls:
            return Node(DECL, i, j, decls=decls), j + 1
        return Node(SIMPLE, i, j), j + 1

    def statement_end(self, i: int) -> int:
        """Index of the ';' ending the statement at i (or of the token before the '}' that
        closes the enclosing block when the ';' is missing)."""
        depth = 0
        j = i
        while j < len(self.tokens):
            text = self.text(j)
            if self.kind(j) == OP:
                if text in OPENERS:
                    depth += 1
                elif text in CLOSERS:
                    if depth == 0:
                        return j - 1
                    depth -= 1
                elif text == ";" and depth == 0:
                    return j
            j += 1
        return len(self.tokens) - 1


def statement(tokens: List[Token], i: int) -> Node:
    """The statement starting at tokens[i] of any token list (no macro expansion)."""
    return _Parser(list(tokens), {}).statement(i)[0]


def _has_goto(node: Node, label: str) -> bool:
    return any(n.kind == JUMP and n.what == "goto" and n.name == label
               for n, _ in walk(node))


def goto_loops(node: Optional[Node]) -> None:
    """Turn each 'label: ... goto label;' of one block into a loop node (what "goto"), so
    that a loop built with a backward goto is seen as a loop.  The label stays the first
    statement of the loop body.  A label inside a loop is a retry within one iteration:
    left alone."""
    if node is None or node.kind == LOOP:
        return
    if node.kind == BLOCK:
        for i, label in enumerate(node.children):
            if label.kind != LABEL or label.looped:
                continue
            last = None
            for j in range(i + 1, len(node.children)):
                if _has_goto(node.children[j], label.name):
                    last = j
            if last is None:
                continue
            label.looped = True
            end = node.children[last].end
            body = Node(BLOCK, label.start, end, children=node.children[i:last + 1])
            node.children[i:last + 1] = [
                Node(LOOP, label.start, end, cond=(label.start, label.start), body=body,
                     what=GOTO, name=label.name)]
    for child in node.subnodes():
        goto_loops(child)


def _link_jumps(root: Node) -> None:
    """Set Node.target of every jump (see Node)."""
    labels = {n.name: n for n, _ in walk(root) if n.kind == LABEL}
    for node, chain in walk(root):
        if node.kind != JUMP:
            continue
        if node.what == "goto":
            node.target = labels.get(node.name)
        elif node.what in ("break", "continue"):
            for outer in reversed(chain):
                if outer.kind == LOOP and outer.what != GOTO:
                    node.target = outer
                    break
                if outer.kind == SWITCH and node.what == "break":
                    node.target = outer
                    break


class Function:
    """One function definition: its tokens from the name to the closing brace, the
    directives inside, the conditional groups they form, and the parsed body (root is None
    for a prototype or an unterminated definition)."""

    def __init__(self, text: str, name_offset: int, macros: Optional[Dict[str, Macro]] = None,
                 line: int = 0):
        self.text = text
        self.macros = macros or {}
        tokens, self.directives = _definition_items(text, name_offset, line)
        self.conditionals: List[Conditional] = conditionals(self.directives, len(text))
        self.tokens = drop_unbalanced(tokens, self.conditionals)
        self.root: Optional[Node] = None
        body = _body_index(self.tokens)
        if body is not None:
            parser = _Parser(self.tokens, self.macros)
            self.root, _ = parser.block(body)
            self.tokens = parser.tokens
            goto_loops(self.root)
            _link_jumps(self.root)
        self.nodes: List[Tuple[Node, List[Node]]] = list(walk(self.root)) if self.root else []

    @property
    def name(self) -> str:
        return self.tokens[0].text if self.tokens else ""

    def loops(self) -> List[Tuple[Node, List[Node]]]:
        return [(n, chain) for n, chain in self.nodes if n.kind == LOOP]

    def token_text(self, i: int) -> str:
        return self.tokens[i].text if 0 <= i < len(self.tokens) else ""

    def texts(self, start: int, stop: int) -> List[str]:
        return [t.text for t in self.tokens[start:stop]]

    def position(self, i: int) -> Tuple[int, int, int]:
        """(line, col, offset) of token i."""
        tok = self.tokens[i]
        return tok.line, tok.col, tok.offset

    def extent(self, node: Node) -> Tuple[int, int]:
        """Offsets [start, end) of a node in the text."""
        return self.tokens[node.start].offset, self.tokens[node.end].end

    def range_extent(self, span: Range) -> Optional[Tuple[int, int]]:
        """Offsets [start, end) of a token range, None when it is empty."""
        start, stop = span
        if stop <= start:
            return None
        return self.tokens[start].offset, self.tokens[stop - 1].end

    def crossing(self, node: Node) -> List[Conditional]:
        """Conditional groups that only partly lie inside node (see preproc.crossing)."""
        start, end = self.extent(node)
        return crossing(self.conditionals, start, end)


def _definition_items(text: str, name_offset: int, line: int
                      ) -> Tuple[List[Token], List[Directive]]:
    """Tokens and directives from a function's name to the brace closing its body.

    Bracket depth is counted branch by branch: each #elif/#else starts again from the
    depth at its #if, and after #endif the depth of the first branch holds, so a loop head
    duplicated under #ifdef/#else does not run the definition into the next function.
    A ';' at depth 0 before any body ends a prototype.
    """
    tokens: List[Token] = []
    directives: List[Directive] = []
    depth = 0
    body_seen = False
    frames: List[List[Optional[int]]] = []  # [depth at #if, depth at end of first branch]
    for item in scan(text, name_offset, line):
        if isinstance(item, Directive):
            directives.append(item)
            if item.kind in OPENING:
                frames.append([depth, None])
            elif item.kind in ALTERNATIVE and frames:
                if frames[-1][1] is None:
                    frames[-1][1] = depth
                depth = frames[-1][0]
            elif item.kind == "endif" and frames:
                first = frames.pop()[1]
                if first is not None:
                    depth = first
            continue
        tokens.append(item)
        if item.kind != OP:
            continue
        if item.text == ";" and not body_seen and depth == 0:
            break
        if item.text in OPENERS:
            if item.text == "{" and depth == 0:
                body_seen = True
            depth += 1
        elif item.text in CLOSERS:
            depth -= 1
            if depth == 0 and body_seen:
                break
    return tokens, directives


def _body_index(tokens: List[Token]) -> Optional[int]:
    """Index of the '{' opening the body: the first '{' outside brackets."""
    depth = 0
    for i, tok in enumerate(tokens):
        if tok.kind != OP:
            continue
        if tok.text == ";" and depth == 0:
            return None
        if tok.text == "{" and depth == 0:
            return i
        if tok.text in OPENERS:
            depth += 1
        elif tok.text in CLOSERS:
            depth -= 1
    return None
