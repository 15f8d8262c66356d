# SPDX-License-Identifier: GPL-2.0
"""One spelling per type where C has two: a bare `unsigned` or `signed` is `unsigned int`
or `signed int` (C11 6.7.2p2).  checkpatch asks for the long form (UNSPECIFIED_INT); tidy
writes it on moved lines, and the checks that compare tokens compare this canonical form."""
from typing import Any, List

from . import ctree

SIGNS = ("unsigned", "signed")
#: What may follow a sign in a type name it completes.
COMPLETES = ("int", "long", "short", "char")


def _bare(tokens: List[str], i: int) -> bool:
    """Whether tokens[i] is a sign no type word completes."""
    return tokens[i] in SIGNS and (i + 1 == len(tokens) or tokens[i + 1] not in COMPLETES)


def words(tokens: List[str]) -> List[str]:
    out: List[str] = []
    for i, token in enumerate(tokens):
        out.append(token)
        if _bare(tokens, i):
            out.append("int")
    return out


def text(source: str) -> str:
    """source with " int" after every bare sign (comments and strings untouched)."""
    toks = ctree.tokenize(source)
    texts = [t.text for t in toks]
    at = [t.end for i, t in enumerate(toks) if _bare(texts, i)]
    out, last = [], 0
    for end in at:
        out += [source[last:end], " int"]
        last = end
    return "".join(out) + source[last:]


def record(value: Any) -> Any:
    """A conversion record with every list of words in canonical form."""
    if isinstance(value, dict):
        return {k: record(v) for k, v in value.items()}
    if isinstance(value, list):
        if value and all(isinstance(v, str) for v in value):
            return words(value)
        return [record(v) for v in value]
    return value
