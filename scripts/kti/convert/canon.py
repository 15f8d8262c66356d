# SPDX-License-Identifier: GPL-2.0
"""One spelling per construct where C has two, for the token comparisons (tidy's token
check, the round trip).  Each rewrite is exact, so equal canonical forms mean equal code:

- a bare `unsigned` or `signed` is `unsigned int` or `signed int` (C11 6.7.2p2;
  checkpatch's UNSPECIFIED_INT);
- the C99 names include/linux/types.h defines as kernel types are those types: uint32_t is
  u32, int8_t is s8, ... (PREFER_KERNEL_TYPES; coda.h's alternative typedefs of int8_t ..
  u_int32_t name the same types);
- adjacent plain string literals are one literal (C11 5.1.1.2p1, phase 6; SPLIT_STRING),
  unless an escape sequence at the end of one would take in characters of the next
  (`"\\x1" "2"` is not `"\\x12"`) or a trigraph would form.  Prefixed literals (L"", u8"")
  and character constants are left alone;
- with `safe` (identifiers known to be no macro, or macros spelling one primary
  expression), parentheses checkpatch calls unnecessary (UNNECESSARY_PARENTHESES) go where
  C's precedence makes them idle: around `a->b.c` right after a unary or binary `&` or `*`
  (postfix operators bind tighter than any other), and around `x OP y` (OP a comparison,
  x and y a safe name or number, maybe negated, with member and index suffixes) inside an
  if condition between `(`, `&&` or `||` and `)`, `&&` or `||` (comparisons bind tighter
  than `&&` and `||`);
- with `pointees` (a pointer's spelling, `p` or `ctx->p`, mapped to the tag T of its
  declared type `struct T *`), `sizeof(*p)` is `sizeof(struct T)` (an unevaluated operand of
  that type; checkpatch's ALLOC_SIZEOF_STRUCT asks for the first);
- an if/else arm holding one expression statement or jump reads the same with or without
  braces (arms.py; checkpatch's BRACES asks for braces on all arms or none): unbraced(),
  applied by the comparisons after words()."""
from typing import Any, Callable, Dict, List, Optional, Set

from .. import ctext
from . import arms, ctree

SIGNS = ("unsigned", "signed")
#: What may follow a sign in a type name it completes.
COMPLETES = ("int", "long", "short", "char")
#: include/linux/types.h: typedef u8 uint8_t; ... (int64_t, uint64_t, u_int64_t under
#: __GNUC__, which every compiler building the kernel defines).
KERNEL_TYPES = {"%s%d_t" % (c99, bits): "%s%d" % (kernel, bits)
                for c99, kernel in (("uint", "u"), ("u_int", "u"), ("int", "s"))
                for bits in (8, 16, 32, 64)}
PREFIXES = ("L", "u", "U", "u8")
_TRIGRAPH_NEXT = "?=(/)'<!>-"
COMPARISONS = ("==", "!=", "<", ">", "<=", ">=")
Safe = Optional[Callable[[str], bool]]


def _bare(tokens: List[str], i: int) -> bool:
    """Whether tokens[i] is a sign no type word completes."""
    return tokens[i] in SIGNS and (i + 1 == len(tokens) or tokens[i + 1] not in COMPLETES)


def _type_word(tokens: List[str], i: int) -> List[str]:
    if _bare(tokens, i):
        return [tokens[i], "int"]
    return [KERNEL_TYPES.get(tokens[i], tokens[i])]


def _open_escape(body: str) -> str:
    """The digits a next literal could extend at the end of body: 'x' after a hex escape,
    'o' after an octal one of fewer than three digits, '' otherwise."""
    i, last = 0, ""
    while i < len(body):
        if body[i] != "\\":
            i, last = i + 1, ""
            continue
        nxt = body[i + 1:i + 2]
        if nxt == "x":
            j = i + 2
            while j < len(body) and body[j] in "0123456789abcdefABCDEF":
                j += 1
            i, last = j, "x"
        elif nxt and nxt in "01234567":
            j = i + 1
            while j < len(body) and j < i + 4 and body[j] in "01234567":
                j += 1
            i, last = j, "o" if j - i < 4 else ""
        else:
            i, last = i + 2, ""
    return last


def joinable(first: str, second: str) -> bool:
    """Whether two plain literals' texts written as one literal are the same string."""
    a, b = first[1:-1], second[1:-1]
    if not b:
        return True
    digits = {"x": "0123456789abcdefABCDEF", "o": "01234567", "": ""}[_open_escape(a)]
    if b[0] in digits:
        return False
    return not (a.endswith("?") and b[0] in _TRIGRAPH_NEXT)


def plain_literal(tokens: List[str], i: int) -> bool:
    """A string literal without encoding prefix (the prefix is a token of its own)."""
    return tokens[i].startswith('"') and not (i and tokens[i - 1] in PREFIXES)


def _runs(tokens: List[str]) -> List[tuple]:
    """(start, end) of every run of two or more adjacent plain literals the one literal
    spells exactly."""
    runs, i = [], 0
    while i < len(tokens):
        j = i + 1
        if plain_literal(tokens, i):
            acc = tokens[i]
            while j < len(tokens) and tokens[j].startswith('"') and joinable(acc, tokens[j]):
                acc = joined([acc, tokens[j]])
                j += 1
            if j - i > 1:
                runs.append((i, j))
        i = j
    return runs


def joined(literals: List[str]) -> str:
    return '"' + "".join(t[1:-1] for t in literals) + '"'


def _word(token: str) -> bool:
    return bool(token) and (token[0].isalpha() or token[0] == "_")


def _close(tokens: List[str], i: int) -> int:
    """Index of the bracket closing tokens[i], or -1."""
    pair = {"(": ")", "[": "]"}[tokens[i]]
    depth = 0
    for j in range(i, len(tokens)):
        if tokens[j] == tokens[i]:
            depth += 1
        elif tokens[j] == pair:
            depth -= 1
            if depth == 0:
                return j
    return -1


def _postfix(tokens: List[str], i: int, end: int, safe: Callable[[str], bool],
             index: bool) -> int:
    """End of `NAME (-> m | . m | [..])*` at tokens[i:end] (with index suffixes only when
    index), -1 when it is not one, starts with an unsafe name or has no suffix and
    index is False."""
    if i >= end or not (_word(tokens[i]) and safe(tokens[i]) or
                        index and tokens[i][:1].isdigit()):
        return -1
    j = i + 1
    while j < end:
        if tokens[j] in ("->", ".") and j + 1 < end and _word(tokens[j + 1]):
            j += 2
        elif index and tokens[j] == "[" and 0 < _close(tokens, j) < end:
            j = _close(tokens, j) + 1
        else:
            break
    return j if index or j > i + 1 else -1


def _operand(tokens: List[str], i: int, end: int, safe: Callable[[str], bool]) -> int:
    if i < end and tokens[i] == "-":
        i += 1
    return _postfix(tokens, i, end, safe, index=True)


def _conditions(tokens: List[str]) -> List[tuple]:
    """(open, close) of every if condition."""
    found = []
    for i, tok in enumerate(tokens[:-1]):
        if tok == "if" and tokens[i + 1] == "(":
            found.append((i + 1, _close(tokens, i + 1)))
    return found


def parens(tokens: List[str], safe: Safe) -> List[tuple]:
    """(open, close) of the idle parentheses of the module doc; none without safe."""
    if safe is None:
        return []
    found = []
    for i, tok in enumerate(tokens):
        if tok == "(" and i and tokens[i - 1] in ("&", "*"):
            end = _postfix(tokens, i + 1, len(tokens), safe, index=False)
            if end > 0 and end < len(tokens) and tokens[end] == ")":
                found.append((i, end))
    for start, stop in _conditions(tokens):
        for i in range(start + 1, stop):
            if tokens[i] != "(" or tokens[i - 1] not in ("(", "&&", "||"):
                continue
            close = _close(tokens, i)
            if close < 0 or tokens[close + 1] not in (")", "&&", "||"):
                continue
            mid = _operand(tokens, i + 1, close, safe)
            if (mid > 0 and mid < close and tokens[mid] in COMPARISONS
                    and _operand(tokens, mid + 1, close, safe) == close):
                found.append((i, close))
    return found


Pointees = Optional[Dict[str, str]]


def sizeofs(tokens: List[str], pointees: Pointees) -> Dict[int, tuple]:
    """{index of the `*`: (end, tag)} of every `sizeof(*p)` with p in pointees."""
    found: Dict[int, tuple] = {}
    for i, tok in enumerate(tokens[:-3]):
        if pointees and tok == "sizeof" and tokens[i + 1] == "(" and tokens[i + 2] == "*":
            close = _close(tokens, i + 1)
            tag = pointees.get("".join(tokens[i + 3:close])) if close > 0 else None
            if tag:
                found[i + 2] = (close, tag)
    return found


def words(tokens: List[str], safe: Safe = None, pointees: Pointees = None) -> List[str]:
    out: List[str] = []
    drop = {i for pair in parens(tokens, safe) for i in pair}
    runs = dict(_runs(tokens))
    types = sizeofs(tokens, pointees)
    i = 0
    while i < len(tokens):
        if i in types:
            out += ["struct", types[i][1]]
            i = types[i][0]
            continue
        if i in drop:
            i += 1
            continue
        if i in runs:
            out.append(joined(tokens[i:runs[i]]))
            i = runs[i]
            continue
        out += _type_word(tokens, i)
        i += 1
    return out


def unbraced(tokens: List[str]) -> List[str]:
    """tokens without the braces of every if/else arm that holds one expression statement
    or jump (tokens that do not lex back to themselves are returned as they are)."""
    toks = ctext.lex(" ".join(tokens))[0]
    if [t.text for t in toks] != tokens:
        return tokens
    drop = set()
    for i in range(len(toks)):
        if arms.is_if(toks, i):
            for arm in arms.chain(toks, i):
                if arms.loose(toks, arm):
                    drop |= {arm.start, arm.end}
    return [t for i, t in enumerate(tokens) if i not in drop]


def _rewrite(source: str, literals: bool, safe: Safe = None,
             pointees: Pointees = None) -> str:
    toks = ctree.tokenize(source)
    texts = [t.text for t in toks]
    types = sizeofs(texts, pointees)
    inside = {k for i, (end, _) in types.items() for k in range(i, end)}
    edits = [(t.start, t.end, " ".join(_type_word(texts, i))) for i, t in enumerate(toks)
             if _type_word(texts, i) != [t.text] and i not in inside]
    edits += [(toks[i].start, toks[i].end, "") for pair in parens(texts, safe) for i in pair
              if i not in inside]
    edits += [(toks[i].start, toks[end - 1].end, "struct " + tag)
              for i, (end, tag) in types.items()]
    if literals:
        for start, end in _runs(texts):
            edits.append((toks[start].start, toks[start].end, joined(texts[start:end])))
            edits += [(t.start, t.end, "") for t in toks[start + 1:end]]
    out, last = [], 0
    for start, end, new in sorted(edits):
        out += [source[last:start], new]
        last = end
    return "".join(out) + source[last:]


def types(source: str) -> str:
    """source with every type in its canonical spelling (comments and strings untouched)."""
    return _rewrite(source, literals=False)


def text(source: str, safe: Safe = None, pointees: Pointees = None) -> str:
    """source in canonical form: types spelled canonically, adjacent literals joined (the
    space between them stays), idle parentheses dropped (with safe), sizeof(*p) as
    sizeof(struct T) (with pointees)."""
    return _rewrite(source, literals=True, safe=safe, pointees=pointees)


def record(value: Any, safe: Safe = None, pointees: Pointees = None) -> Any:
    """A conversion record with every list of words in canonical form."""
    if isinstance(value, dict):
        return {k: record(v, safe, pointees) for k, v in value.items()}
    if isinstance(value, list):
        if value and all(isinstance(v, str) for v in value):
            return words(value, safe, pointees)
        return [record(v, safe, pointees) for v in value]
    return value


def declared(names: Set[str]) -> Callable[[str], bool]:
    """A safe test accepting the given names only."""
    return names.__contains__

