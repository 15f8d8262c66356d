# SPDX-License-Identifier: GPL-2.0
"""Function definitions, calls and their arguments, found in masked text (see mask.py).

Used where running spatch would cost a full parse for a tiny question: the argument at index
i of a call to a known wrapper, the function a call sits in, the lines of a function body for
an excerpt.  Bracket matching jumps from bracket to bracket with a regex: a Python loop over
every character of every function body was the slowest part of a warm scan.
"""
import re
from dataclasses import dataclass
from typing import List, Optional, Tuple

from .mask import mask
from .positions import line_of, line_starts
from .macros import without_unbalanced_defines
from .preproc import one_branch_view

_IDENT = re.compile(r"[A-Za-z_]\w*")
_HEAD_KEYWORDS = {"if", "for", "while", "switch", "return", "sizeof", "do", "else", "case",
                  "__attribute__", "typeof", "__typeof__", "defined"}
_BRACKET_RE = re.compile(r"[()\[\]{}]")


def matching_close(masked: str, open_at: int) -> int:
    """Offset of the bracket closing the one at open_at, or -1."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    stack: List[str] = []
    for match in _BRACKET_RE.finditer(masked, open_at):
        ch = match.group(0)
        if ch in pairs:
            stack.append(pairs[ch])
        else:
            if not stack or stack.pop() != ch:
                return -1
            if not stack:
                return match.start()
    return -1


def split_args(masked: str, open_at: int, close_at: int) -> List[Tuple[int, int]]:
    """(start, end) offsets of each top-level argument between the parentheses."""
    spans, depth, start = [], 0, open_at + 1
    for i in range(open_at + 1, close_at):
        ch = masked[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            spans.append((start, i))
            start = i + 1
    if masked[start:close_at].strip() or spans:
        spans.append((start, close_at))
    return spans


def split_top(text: str) -> List[str]:
    """Split at commas outside brackets."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


@dataclass
class FunctionSpan:
    """A function definition: name, parameter names, the offsets of its body braces and
    the offset of its name."""
    name: str
    params: List[str]
    body_open: int
    body_close: int
    name_offset: int = -1


def param_name(decl: str) -> str:
    """The declared name in a parameter declaration; `int (*fn)(void *)` names fn."""
    pointer = re.search(r"\(\s*\*\s*(?:const\s+)?([A-Za-z_]\w*)\s*\)\s*\(", decl)
    if pointer:
        return pointer.group(1)
    idents = [m.group(0) for m in _IDENT.finditer(re.sub(r"\[.*?\]", "", decl))]
    return idents[-1] if idents else ""


def _matching_open(masked: str, close_at: int) -> int:
    """Offset of the '(' that the ')' at close_at closes, or -1 (short backward scan)."""
    depth = 0
    for j in range(close_at, max(-1, close_at - 4000), -1):
        ch = masked[j]
        if ch == ")":
            depth += 1
        elif ch == "(":
            depth -= 1
            if depth == 0:
                return j
        elif ch in ";{}":
            return -1
    return -1


def _function_head(masked: str, brace: int) -> Optional[Tuple[str, List[str], int]]:
    """(name, parameter names, name offset) when the '{' at brace opens a function body.

    Walks back over `NAME(params)`; a name directly preceded by ')' is an attribute macro
    after the real parameter list (`foo(int a) __releases(x) {`), so the walk continues.
    """
    end = len(masked[:brace].rstrip())
    while end > 0 and masked[end - 1] == ")":
        open_at = _matching_open(masked, end - 1)
        if open_at < 0:
            return None
        window = masked[max(0, open_at - 200):open_at]
        m = re.search(r"([A-Za-z_]\w*)\s*$", window)
        if not m or m.group(1) in _HEAD_KEYWORDS:
            return None
        name_start = open_at - (len(window) - m.start(1))
        before = masked[max(0, name_start - 200):name_start].rstrip()
        if before.endswith(")"):
            end = len(before) + max(0, name_start - 200)
            continue
        declaration = re.split(r"[;{}]", before)[-1]
        if "=" in declaration:
            return None
        params = [param_name(p) for p in split_top(masked[open_at + 1:end - 1])]
        return m.group(1), params, name_start
    return None


def function_spans(masked: str) -> List[FunctionSpan]:
    """Top-level function definitions, found as `NAME(...) {` at brace depth 0.

    Conditional branches that would unbalance the brackets are not read (see
    preproc.one_branch_view), so a loop head duplicated under #ifdef/#else does not hide
    every function after it; nor are #defines whose brackets do not balance."""
    masked = without_unbalanced_defines(one_branch_view(masked))
    spans: List[FunctionSpan] = []
    i = masked.find("{")
    while i >= 0:
        close = matching_close(masked, i)
        if close < 0:
            break
        head = _function_head(masked, i)
        if head is not None:
            spans.append(FunctionSpan(head[0], head[1], i, close, head[2]))
        i = masked.find("{", close + 1)
    return spans


def enclosing(spans: List[FunctionSpan], offset: int) -> Optional[FunctionSpan]:
    for span in spans:
        if span.body_open < offset < span.body_close:
            return span
    return None


@dataclass
class Call:
    """One call NAME(args) found in a function body."""
    line: int
    col: int
    end_col: int
    args: List[str]
    function: Optional[FunctionSpan]


def find_calls(text: str, name: str, masked: Optional[str] = None,
               spans: Optional[List[FunctionSpan]] = None,
               starts: Optional[List[int]] = None, in_macros: bool = False) -> List[Call]:
    """Calls to `name` inside function bodies (declarations and definitions are skipped).

    With in_macros, uses outside any function (inside #define bodies) are returned too,
    with function None; the caller decides what they are.
    """
    masked = mask(text) if masked is None else masked
    starts = line_starts(text) if starts is None else starts
    spans = function_spans(masked) if spans is None else spans
    calls = []
    for m in re.finditer(r"\b%s\s*\(" % re.escape(name), masked):
        func = enclosing(spans, m.start())
        if func is None and not in_macros:
            continue
        open_at = m.end() - 1
        close_at = matching_close(masked, open_at)
        if close_at < 0:
            continue
        args = [" ".join(text[a:b].split()) for a, b in split_args(masked, open_at, close_at)]
        line, col = line_of(starts, m.start())
        calls.append(Call(line, col, col + len(name), args, func))
    return calls


#: Argument kinds, as the facts contract's arg_kind values.
FUNCTION = "function"
PARAM = "param"
FIELD = "field"
OTHER_ARG = "other"


def classify_argument(arg: str, params: List[str]) -> Tuple[str, str]:
    """(kind, name) of a thread-function argument.

    Casts and a leading & are dropped: `(int (*)(void *))foo` and `&foo` name foo.
    """
    text = arg.strip()
    while True:
        m = re.match(r"^\(\s*[^()]*(\(\s*\*\s*\)\s*\([^()]*\))?[^()]*\)\s*(?=[A-Za-z_&(])", text)
        if not m or m.end() == 0:
            break
        text = text[m.end():].strip()
    text = text.lstrip("&").strip()
    if re.fullmatch(r"\(\s*[A-Za-z_]\w*\s*\)", text):
        text = text.strip("() \t")
    if re.fullmatch(r"[A-Za-z_]\w*", text):
        return (PARAM if text in params else FUNCTION), text
    if re.fullmatch(r"[\w\s.\->\[\]]+", text) and ("->" in text or "." in text):
        return FIELD, text
    return OTHER_ARG, text
