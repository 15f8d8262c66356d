# SPDX-License-Identifier: GPL-2.0
"""One spelling where C has two for the same thing: a bare `unsigned` or `signed` is
`unsigned int` or `signed int` (C11 6.7.2p2); an if/else arm holding one expression
statement or jump reads the same with or without braces (arms.py).  checkpatch asks for
the long form (UNSPECIFIED_INT) and for braces on all arms or none (BRACES); tidy writes
them on moved lines, and the checks that compare tokens compare this canonical form."""
from typing import Any, List

from .. import ctext
from . import arms, ctree

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
