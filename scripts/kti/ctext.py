# SPDX-License-Identifier: GPL-2.0
"""Small, careful C text helpers (no parsing): masks, call arguments, function spans.

Used where running spatch would cost a full parse for a tiny question: the argument at
index i of a call to a known wrapper, the function a call sits in, the lines of a function
body for an excerpt, and whether a grep hit sits in a comment, a macro or `#if 0`.
Everything works on a "masked" copy of the source in which comments and the contents of
string/char literals are blanked with spaces, so offsets, lines and columns stay identical
and brackets inside comments or strings cannot confuse the bracket matching.
"""
import re
from itertools import accumulate
from dataclasses import dataclass
from typing import List, Optional, Set, Tuple

_IDENT = re.compile(r"[A-Za-z_]\w*")
_KEYWORDS = {"if", "for", "while", "switch", "return", "sizeof", "do", "else", "case",
             "__attribute__", "typeof", "__typeof__", "defined"}


_TOKEN_RE = re.compile(r"""/\*.*?(?:\*/|\Z)|//[^\n]*|"(?:\\.|[^"\\\n])*"?|'(?:\\.|[^'\\\n])*'?""",
                       re.S)


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def mask(text: str, strings: bool = True) -> str:
    """Blank comments (and string/char literal contents when strings=True), keep newlines.

    One regex finds comments and literals in source order, so a quote inside a comment or a
    comment marker inside a string is handled the way the compiler sees it.
    """
    def replace(match: "re.Match[str]") -> str:
        token = match.group(0)
        if token.startswith("/"):
            return _blank(token)
        if not strings or len(token) < 2:
            return token
        closed = token[-1] == token[0] and len(token) > 1
        inner = token[1:-1] if closed else token[1:]
        return token[0] + _blank(inner) + (token[-1] if closed else "")
    return _TOKEN_RE.sub(replace, text)


def split_lines(text: str) -> List[str]:
    """Lines split at "\n" only, like grep and spatch count them (str.splitlines() would
    also split at form feeds, which kernel sources contain)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def line_starts(text: str) -> List[int]:
    """Offsets at which each line starts (index 0 is line 1)."""
    lengths = map(len, text.split("\n")[:-1])
    return list(accumulate(map((1).__add__, lengths), initial=0))


def offset_of(starts: List[int], line: int, col: int = 0) -> int:
    return starts[line - 1] + col if 0 < line <= len(starts) else -1


def line_of(starts: List[int], offset: int) -> Tuple[int, int]:
    """(1-based line, 0-based column) of an offset."""
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1, offset - starts[lo]


_BRACKET_RE = re.compile(r"[()\[\]{}]")


def matching_close(masked: str, open_at: int) -> int:
    """Offset of the bracket closing the one at open_at, or -1.

    Jumps from bracket to bracket with a regex: a Python loop over every character of
    every function body was the slowest part of a warm scan.
    """
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


@dataclass
class FunctionSpan:
    """A function definition: name, parameter names and the offsets of its body braces."""
    name: str
    params: List[str]
    body_open: int
    body_close: int


def _param_name(decl: str) -> str:
    """The declared name in a parameter declaration; `int (*fn)(void *)` names fn."""
    pointer = re.search(r"\(\s*\*\s*(?:const\s+)?([A-Za-z_]\w*)\s*\)\s*\(", decl)
    if pointer:
        return pointer.group(1)
    idents = [m.group(0) for m in _IDENT.finditer(re.sub(r"\[.*?\]", "", decl))]
    return idents[-1] if idents else ""


def _split_top(text: str) -> List[str]:
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


def _function_head(masked: str, brace: int) -> Optional[Tuple[str, List[str]]]:
    """(name, parameter names) when the '{' at brace opens a function body, else None.

    Walks back over `NAME(params)`; a name directly preceded by ')' is an attribute macro
    after the real parameter list (`foo(int a) __releases(x) {`), so the walk continues.
    """
    end = len(masked[:brace].rstrip())
    while end > 0 and masked[end - 1] == ")":
        open_at = _matching_open(masked, end - 1)
        if open_at < 0:
            return None
        m = re.search(r"([A-Za-z_]\w*)\s*$", masked[max(0, open_at - 200):open_at])
        if not m or m.group(1) in _KEYWORDS:
            return None
        name_start = open_at - (len(masked[max(0, open_at - 200):open_at]) - m.start(1))
        before = masked[max(0, name_start - 200):name_start].rstrip()
        if before.endswith(")"):
            end = len(before) + max(0, name_start - 200)
            continue
        declaration = re.split(r"[;{}]", before)[-1]
        if "=" in declaration:
            return None
        params = [_param_name(p) for p in _split_top(masked[open_at + 1:end - 1])]
        return m.group(1), params
    return None


def function_spans(masked: str) -> List[FunctionSpan]:
    """Top-level function definitions, found as `NAME(...) {` at brace depth 0."""
    spans: List[FunctionSpan] = []
    i = masked.find("{")
    while i >= 0:
        close = matching_close(masked, i)
        if close < 0:
            break
        head = _function_head(masked, i)
        if head is not None:
            spans.append(FunctionSpan(head[0], head[1], i, close))
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


def classify_argument(arg: str, params: List[str]) -> Tuple[str, str]:
    """(kind, name) of a thread-function argument, as the contract's arg_kind values.

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
        return ("param" if text in params else "function"), text
    if re.fullmatch(r"[\w\s.\->\[\]]+", text) and ("->" in text or "." in text):
        return "field", text
    return "other", text


def disabled_lines(text: str) -> Set[int]:
    """Lines no configuration compiles: inside `#if 0`, or the `#else` branch of `#if 1`."""
    dead: Set[int] = set()
    stack: List[Tuple[str, bool]] = []  # (condition of the #if, branch is dead)
    for number, line in enumerate(split_lines(text), 1):
        directive = re.match(r"\s*#\s*(if|ifdef|ifndef|elif|else|endif)\b(.*)", line)
        if directive:
            kind = directive.group(1)
            cond = directive.group(2).split("/*")[0].split("//")[0].strip()
            if kind in ("if", "ifdef", "ifndef"):
                stack.append((cond if kind == "if" else "", kind == "if" and cond == "0"))
            elif kind == "else" and stack:
                origin, _ = stack.pop()
                stack.append((origin, origin == "1"))
            elif kind == "elif" and stack:
                stack[-1] = (stack[-1][0], False)
            elif kind == "endif" and stack:
                stack.pop()
            continue
        if any(is_dead for _, is_dead in stack):
            dead.add(number)
    return dead


def macro_lines(text: str) -> Set[int]:
    """Lines belonging to a #define, continuation lines included."""
    lines: Set[int] = set()
    inside = False
    for number, line in enumerate(split_lines(text), 1):
        if inside or re.match(r"\s*#\s*define\b", line):
            lines.add(number)
            inside = line.rstrip().endswith("\\")
        else:
            inside = False
    return lines
