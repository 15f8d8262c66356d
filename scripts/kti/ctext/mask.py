# SPDX-License-Identifier: GPL-2.0
"""Masking: comments (and string/char literal contents) blanked, offsets unchanged.

A masked copy keeps every offset, line and column of the source, so brackets inside comments
or strings cannot confuse bracket matching and regexes over the masked text give positions in
the real one.
"""
import re

_COMMENT_OR_LITERAL = re.compile(
    r"""/\*.*?(?:\*/|\Z)|//[^\n]*|"(?:\\.|[^"\\\n])*"?|'(?:\\.|[^'\\\n])*'?""", re.S)


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
        closed = token[-1] == token[0]
        inner = token[1:-1] if closed else token[1:]
        return token[0] + _blank(inner) + (token[-1] if closed else "")
    return _COMMENT_OR_LITERAL.sub(replace, text)
