# SPDX-License-Identifier: GPL-2.0
"""C tokens with exact positions, preprocessor lines as directives, bracket matching.

Not a C lexer for a compiler: enough to find statements, calls and brackets.  Comments and
whitespace are dropped; a line whose first token is `#` becomes one Directive spanning its
continuation lines.  Every Token knows its line (1-based), column (0-based) and offsets
[offset, end) into the text; read the text as latin-1 and those are byte offsets.
"""
import re
from typing import Iterator, List, Optional, Tuple, Union

ID = "id"
NUM = "num"
STR = "str"
OP = "op"
OTHER = "other"

_TOKEN_RE = re.compile(
    r"(?P<nl>\n)"
    r"|(?P<ws>[ \t\r\f\v]+|\\\n)"
    r"|(?P<comment>/\*.*?(?:\*/|\Z)|//[^\n]*)"
    r"|(?P<str>\"(?:[^\"\\\n]|\\.)*\"?|'(?:[^'\\\n]|\\.)*'?)"
    r"|(?P<id>[A-Za-z_]\w*)"
    r"|(?P<num>\.?\d(?:[\w.]|[eEpP][+-])*)"
    r"|(?P<op>->|\+\+|--|<<=|>>=|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&^|]="
    r"|\.\.\.|##|[][(){}.,;:?~!%^&*+\-/<>=#])"
    r"|(?P<other>.)", re.S)

_DIRECTIVE_RE = re.compile(r"#\s*([A-Za-z_]\w*)?")

OPENERS = {"(": ")", "[": "]", "{": "}"}
CLOSERS = {")", "]", "}"}


class Token:
    """One token: kind, text, position.  Tokens spliced in from a macro body carry the
    position of the macro use and the macro's name in `macro`."""
    __slots__ = ("kind", "text", "line", "col", "offset", "end", "macro")

    def __init__(self, kind: str, text: str, line: int, col: int, offset: int,
                 end: int, macro: Optional[str] = None):
        self.kind = kind
        self.text = text
        self.line = line
        self.col = col
        self.offset = offset
        self.end = end
        self.macro = macro

    def __repr__(self) -> str:
        return f"Token({self.kind}, {self.text!r}, {self.line}:{self.col}@{self.offset})"


class Directive:
    """A preprocessor line with its continuation lines: `kind` is the word after `#`
    (if, ifdef, ifndef, elif, else, endif, define, include, ...; "" for a lone `#`),
    `argument` the rest of the logical line (comments kept)."""
    __slots__ = ("kind", "argument", "line", "col", "offset", "end", "end_line")

    def __init__(self, kind: str, argument: str, line: int, col: int, offset: int,
                 end: int, end_line: int):
        self.kind = kind
        self.argument = argument
        self.line = line
        self.col = col
        self.offset = offset
        self.end = end
        self.end_line = end_line

    def __repr__(self) -> str:
        return f"Directive(#{self.kind}, {self.line}-{self.end_line})"


Item = Union[Token, Directive]


def _directive_end(text: str, pos: int) -> int:
    """Offset of the newline ending the logical preprocessor line that starts at pos (or
    len(text)); continuation backslashes and block comments spanning lines are followed."""
    length = len(text)
    while pos < length:
        ch = text[pos]
        if ch == "\n":
            if text[pos - 1] != "\\":
                return pos
        elif ch == "/" and text.startswith("/*", pos):
            close = text.find("*/", pos + 2)
            pos = length if close < 0 else close + 1
        pos += 1
    return length


def scan(text: str, offset: int = 0, line: int = 0) -> Iterator[Item]:
    """Tokens and directives of text from offset on, in source order.

    line is the line number of offset; 0 means count it.
    """
    if line <= 0:
        line = text.count("\n", 0, offset) + 1
    line_start = text.rfind("\n", 0, offset) + 1
    at_line_start = not text[line_start:offset].strip()
    pos = offset
    length = len(text)
    match = _TOKEN_RE.match
    while pos < length:
        m = match(text, pos)
        kind = m.lastgroup
        tok = m.group(kind)
        if kind == "nl":
            line += 1
            line_start = m.end()
            at_line_start = True
        elif kind == "ws" or kind == "comment":
            newlines = tok.count("\n")
            if newlines:
                line += newlines
                line_start = pos + tok.rfind("\n") + 1
        elif kind == "op" and tok == "#" and at_line_start:
            end = _directive_end(text, pos)
            head = _DIRECTIVE_RE.match(text, pos)
            name = head.group(1) or ""
            newlines = text.count("\n", pos, end)
            yield Directive(name, text[head.end():end].strip(), line, pos - line_start, pos,
                            end, line + newlines)
            if newlines:
                line += newlines
                line_start = text.rfind("\n", pos, end) + 1
            pos = end
            continue
        else:
            at_line_start = False
            yield Token(kind, tok, line, pos - line_start, pos, m.end())
        pos = m.end()


def lex(text: str, offset: int = 0, stop: Optional[int] = None
        ) -> Tuple[List[Token], List[Directive]]:
    """All tokens and directives of text[offset:stop]."""
    tokens: List[Token] = []
    directives: List[Directive] = []
    for item in scan(text, offset):
        if stop is not None and item.offset >= stop:
            break
        if isinstance(item, Token):
            tokens.append(item)
        else:
            directives.append(item)
    return tokens, directives


def match_bracket(tokens: List[Token], i: int) -> int:
    """Index of the bracket closing the one at tokens[i].

    A mismatched closer pops the brackets it skips (so `( ]` recovers); without a match the
    last index is returned, so callers always get a valid index.
    """
    stack: List[str] = []
    for j in range(i, len(tokens)):
        tok = tokens[j]
        if tok.kind != OP:
            continue
        text = tok.text
        if text in OPENERS:
            stack.append(OPENERS[text])
        elif text in CLOSERS:
            while stack and stack[-1] != text:
                stack.pop()
            if stack:
                stack.pop()
            if not stack:
                return j
    return len(tokens) - 1


def split_top(tokens: List[Token], start: int, stop: int, separator: str = ","
              ) -> List[Tuple[int, int]]:
    """[start, stop) index ranges of tokens[start:stop] split at top-level separators."""
    parts = []
    depth = 0
    begin = start
    for j in range(start, stop):
        text = tokens[j].text
        if tokens[j].kind != OP:
            continue
        if text in OPENERS:
            depth += 1
        elif text in CLOSERS:
            depth -= 1
        elif text == separator and depth == 0:
            parts.append((begin, j))
            begin = j + 1
    if begin < stop or parts:
        parts.append((begin, stop))
    return parts
