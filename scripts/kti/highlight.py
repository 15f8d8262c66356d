# SPDX-License-Identifier: GPL-2.0
"""C syntax highlighting for HTML, line by line (block comments may span lines).

Spans: c-com (comments), c-str (string and character literals), c-pp (preprocessor
lines), c-kw (keywords and basic types), c-num (numbers), c-api (the kthread and iterant
kthread API: kthread_*, KTI_*, set_freezable, try_to_freeze, schedule*).  Everything is
escaped; the output of a line never leaves a span open.
"""
import html
import re
from typing import List, Tuple

KEYWORDS = frozenset("""auto break case char const continue default do double else enum extern
float for goto if inline int long register restrict return short signed sizeof static struct
switch typedef union unsigned void volatile while bool true false NULL""".split())
_API = re.compile(r"^(?:kthread_\w+|KTI_\w+|set_freezable|try_to_freeze|freezing|"
                  r"schedule\w*|wait_event\w*|set_current_state|__set_current_state|"
                  r"cond_resched)$")
_TOKEN = re.compile(r"""(?P<com>//.*|/\*.*?(?:\*/|$))|(?P<str>"(?:\\.|[^"\\])*"?|'(?:\\.|[^'\\])*'?)
                        |(?P<num>\b(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*\b)|(?P<word>[A-Za-z_]\w*)""",
                    re.VERBOSE)


def _span(cls: str, text: str) -> str:
    return f'<span class="{cls}">{html.escape(text)}</span>'


def line(text: str, in_comment: bool) -> Tuple[str, bool]:
    """One line as HTML, and whether a block comment is still open after it."""
    out: List[str] = []
    at = 0
    if in_comment:
        end = text.find("*/")
        if end < 0:
            return _span("c-com", text), True
        out.append(_span("c-com", text[:end + 2]))
        at = end + 2
    if text[at:].lstrip().startswith("#"):
        return "".join(out) + _span("c-pp", text[at:]), False
    open_comment = False
    for match in _TOKEN.finditer(text, at):
        out.append(html.escape(text[at:match.start()]))
        token = match.group(0)
        if match.group("com"):
            out.append(_span("c-com", token))
            open_comment = token.startswith("/*") and not token.endswith("*/") \
                or token == "/*"
        elif match.group("str"):
            out.append(_span("c-str", token))
        elif match.group("num"):
            out.append(_span("c-num", token))
        elif token in KEYWORDS:
            out.append(_span("c-kw", token))
        elif _API.match(token):
            out.append(_span("c-api", token))
        else:
            out.append(html.escape(token))
        at = match.end()
    out.append(html.escape(text[at:]))
    return "".join(out), open_comment


def lines(texts: List[str]) -> List[str]:
    """Every line highlighted, carrying block comments across lines."""
    out, state = [], False
    for text in texts:
        rendered, state = line(text, state)
        out.append(rendered)
    return out
