# SPDX-License-Identifier: GPL-2.0
"""The functions a fixture declares but does not define, read from its prototypes.

These are the fixture's "work": the harness gives each a recording stub.  Only file-scope
prototypes are read; their parameters may be unnamed.  Parameters are recorded as integers,
pointers (named in the trace by first appearance, `data` for the thread's argument) or
`char *` strings; a struct passed or returned by value, or `...`, is refused with a message.
"""
import re
from dataclasses import dataclass
from typing import List, Set, Tuple

from kti import ctext

from .errors import HarnessError

_STORAGE = {"static", "extern", "inline", "__always_inline", "noinline", "__cold"}
_QUALIFIERS = {"const", "volatile", "__must_check"}
_TYPE_WORDS = {"void", "char", "short", "int", "long", "signed", "unsigned", "bool",
               "float", "double", "_Bool"}
_TAGS = {"struct", "union", "enum"}
_NOT_FUNCTIONS = {"if", "for", "while", "switch", "return", "sizeof", "typeof", "__typeof__",
                  "__attribute__", "DECLARE_WAIT_QUEUE_HEAD", "DEFINE_MUTEX",
                  "DEFINE_SPINLOCK", "DECLARE_COMPLETION", "MODULE_LICENSE",
                  "MODULE_AUTHOR", "MODULE_DESCRIPTION", "module_init", "module_exit",
                  "EXPORT_SYMBOL", "EXPORT_SYMBOL_GPL"}
_TOKEN = re.compile(r"[A-Za-z_]\w*|\*|\[|\]|\(|\)")
_PROTOTYPE = re.compile(r"^(?P<spec>(?:[A-Za-z_]\w*\b\s*|\*\s*)+?)\s*(?P<name>[A-Za-z_]\w*)\s*"
                        r"\((?P<params>.*?)\)\s*(?:__attribute__\s*\(\(.*\)\)\s*)?$", re.S)


@dataclass(frozen=True)
class Param:
    decl: str       # the declaration with a name, as the stub's definition writes it
    name: str
    kind: str       # "int", "ptr" or "str"


@dataclass(frozen=True)
class Prototype:
    name: str
    static: bool
    ret: str        # return type text
    ret_kind: str   # "void", "int", "bool" or "ptr"
    params: Tuple[Param, ...]


def _top_level(masked: str) -> str:
    """The masked text with preprocessor lines and the insides of top-level braces blanked."""
    lines = masked.split("\n")
    inside = False
    for i, line in enumerate(lines):
        if inside or line.lstrip().startswith("#"):
            inside = line.rstrip().endswith("\\")
            lines[i] = " " * len(line)
    text = "\n".join(lines)
    out, depth = [], 0
    for ch in text:
        if ch == "{":
            depth += 1
            out.append(ch if depth == 1 else " ")
        elif ch == "}":
            out.append(ch if depth == 1 else " ")
            depth -= 1
        else:
            out.append(ch if depth == 0 or ch == "\n" else " ")
    return "".join(out)


def _split_params(text: str) -> List[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [" ".join(p.split()) for p in parts]


def _param(decl: str, index: int, where: str) -> Param:
    tokens = _TOKEN.findall(decl)
    if decl == "...":
        raise HarnessError("%s: variadic functions cannot be stubbed" % where)
    if "(" in tokens:
        # A function pointer: `int (*fn)(void *)` or unnamed `int (*)(void *)`.
        match = re.search(r"\(\s*\*\s*([A-Za-z_]\w*)?\s*\)", decl)
        if not match:
            raise HarnessError("%s: cannot read parameter %r" % (where, decl))
        name = match.group(1) or "arg%d" % index
        if not match.group(1):
            decl = decl[:match.start()] + "(*%s)" % name + decl[match.end():]
        return Param(decl, name, "ptr")
    words = [t for t in tokens if t not in _QUALIFIERS and t not in "[]"]
    named = (len(words) >= 2 and re.match(r"[A-Za-z_]", words[-1]) and
             words[-1] not in _TYPE_WORDS and words[-2] not in _TAGS)
    if named:
        name = words[-1]
    else:
        name = "arg%d" % index
        brackets = decl.find("[")
        decl = decl + " " + name if brackets < 0 else \
            decl[:brackets] + " " + name + decl[brackets:]
    type_words = words[:-1] if named else words
    if "*" in type_words or "[" in tokens:
        pointer_to_char = "char" in type_words and type_words.count("*") == 1
        return Param(decl, name, "str" if pointer_to_char else "ptr")
    if any(w in _TAGS and w != "enum" for w in type_words):
        raise HarnessError("%s: a struct or union passed by value cannot be stubbed" % where)
    return Param(decl, name, "int")


def _ret_kind(ret: str, where: str) -> str:
    words = [t for t in _TOKEN.findall(ret) if t not in _QUALIFIERS]
    if "*" in words:
        return "ptr"
    if words == ["void"]:
        return "void"
    if words == ["bool"] or words == ["_Bool"]:
        return "bool"
    if any(w in _TAGS and w != "enum" for w in words):
        raise HarnessError("%s: a struct or union returned by value cannot be stubbed" % where)
    return "int"


def _prototype(chunk: str, where: str) -> Prototype:
    match = _PROTOTYPE.match(chunk)
    assert match
    spec_words = match.group("spec").split()
    static = "static" in spec_words
    ret = " ".join(w for w in spec_words if w not in _STORAGE)
    ret = re.sub(r"\s*\*\s*", " *", ret).strip()
    name = match.group("name")
    where = "%s: %s()" % (where, name)
    params_text = match.group("params").strip()
    params: Tuple[Param, ...] = ()
    if params_text not in ("", "void"):
        params = tuple(_param(p, i, where) for i, p in enumerate(_split_params(params_text)))
    return Prototype(name, static, ret, _ret_kind(ret, where), params)


def undefined_functions(text: str, where: str, provided: Set[str]) -> List[Prototype]:
    """Prototypes at file scope of functions the file does not define and the model does
    not provide, in file order, once each."""
    masked = ctext.mask(text)
    defined = {span.name for span in ctext.function_spans(masked)}
    found: List[Prototype] = []
    seen: Set[str] = set()
    for chunk in re.split(r"[;{}]", _top_level(masked)):
        chunk = " ".join(chunk.split())
        if "(" not in chunk or chunk.startswith("typedef") or "=" in chunk:
            continue
        match = _PROTOTYPE.match(chunk)
        if not match:
            continue
        name = match.group("name")
        if (name in _NOT_FUNCTIONS or name in defined or name in provided or name in seen or
                match.group("spec").split()[-1] in _TAGS):
            continue
        seen.add(name)
        found.append(_prototype(chunk, where))
    return found
