# SPDX-License-Identifier: GPL-2.0
"""The kthread and svc creators: the one list every part of the project uses.

cocci/kthread_threads.cocci (its SmPL creator lists are checked against this list by
tests/test_kti_creators.py), the detector's Python, the prefilter, the resolver and the
cross-check all take the names from here.  threadfn and arity are those of Linux 6.12; the
scan reads the tree's own declarations to find the thread-function argument of another
kernel version (see declared_creators()).
"""
import re
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Tuple

from . import ctext
from .ctext.tokens import split_top

KTHREAD = "kthread"
SVC = "svc"


@dataclass(frozen=True)
class Creator:
    """A function or macro that starts a thread function: its kind, the header that
    declares it, the index of the thread-function argument and the number of arguments
    (None: variadic) in Linux 6.12."""
    name: str
    kind: str
    header: str
    threadfn: int
    arity: Optional[int]


KTHREAD_H = "include/linux/kthread.h"
SVC_H = "include/linux/sunrpc/svc.h"

CREATORS: Tuple[Creator, ...] = (
    Creator("kthread_create", KTHREAD, KTHREAD_H, 0, None),
    Creator("kthread_run", KTHREAD, KTHREAD_H, 0, None),
    Creator("kthread_create_on_node", KTHREAD, KTHREAD_H, 0, None),
    Creator("kthread_create_on_cpu", KTHREAD, KTHREAD_H, 0, 4),
    Creator("kthread_run_on_cpu", KTHREAD, KTHREAD_H, 0, 4),
    Creator("svc_create", SVC, SVC_H, 2, 3),
    Creator("svc_create_pooled", SVC, SVC_H, 4, 5),
)

BY_NAME: Dict[str, Creator] = {c.name: c for c in CREATORS}
NAMES: Tuple[str, ...] = tuple(c.name for c in CREATORS)
KTHREAD_CREATORS: Tuple[str, ...] = tuple(c.name for c in CREATORS if c.kind == KTHREAD)
SVC_CREATORS: Tuple[str, ...] = tuple(c.name for c in CREATORS if c.kind == SVC)

#: Fixed strings that find every creator name (the others contain one of them).
GREP_WORDS: Tuple[str, ...] = tuple(n for n in NAMES
                                    if not any(o != n and o in n for o in NAMES))

#: smpboot threads: `struct smp_hotplug_thread NAME = { .thread_fn = FN, .thread_comm = C }`.
SMPBOOT_STRUCT = "smp_hotplug_thread"
SMPBOOT_THREAD_FN = "thread_fn"
SMPBOOT_COMM = "thread_comm"

#: Where the creators are declared and defined: calls in there are the API's own
#: plumbing, not creation sites.
API_FILES: Tuple[str, ...] = ("kernel/kthread.c", KTHREAD_H, "net/sunrpc/svc.c", SVC_H)


@dataclass(frozen=True)
class Declaration:
    """How a tree declares a creator: where, the index of its thread-function parameter
    (None: it takes none) and its number of parameters (None: variadic).  where is None
    when the tree does not declare it; the Linux 6.12 values then stand."""
    name: str
    where: Optional[str]
    threadfn: Optional[int]
    arity: Optional[int]
    params: str = ""

    @property
    def note(self) -> str:
        """What the scan makes of it, in words."""
        if self.where is None:
            return "not declared in this tree; Linux 6.12 positions assumed"
        if self.threadfn is None:
            return (f"{self.name}({self.params}) at {self.where} takes no thread-function "
                    "parameter: its thread function is passed some other way (a structure "
                    "of operations) that this scan does not follow")
        return f"thread function is argument {self.threadfn + 1}, as {self.where} declares"


_FN_POINTER = re.compile(r"\(\s*\*\s*\w*\s*\)\s*\(\s*(const\s+)?void\s*\*")


def _function_declarations(text: str, masked: str, name: str) -> List[Tuple[int, List[str]]]:
    """(offset, parameter texts) of each prototype or definition of name at top level."""
    found = []
    spans = ctext.function_spans(masked)
    for m in re.finditer(r"\b%s\s*\(" % re.escape(name), masked):
        if ctext.enclosing(spans, m.start()) is not None:
            continue
        head = masked[max(0, m.start() - 200):m.start()].rstrip()
        if head[-1:] in tuple("=(,!&|?:+-/<>"):
            continue  # a call or a use in an expression, not a declaration
        close = ctext.matching_close(masked, m.end() - 1)
        if close < 0 or masked[close + 1:].lstrip()[:1] not in (";", "{"):
            continue
        params = [" ".join(text[a:b].split())
                  for a, b in ctext.split_args(masked, m.end() - 1, close)]
        found.append((m.start(), params))
    return found


def _declare(name: str, where: str, params: List[str], threadfn: Optional[int]) -> Declaration:
    variadic = bool(params) and params[-1].replace(" ", "").endswith("...")
    return Declaration(name, where, threadfn, None if variadic else len(params),
                       ", ".join(params))


def declared(read: Callable[[str], Optional[str]]) -> Dict[str, Declaration]:
    """Every creator as the tree declares it; read(path) gives a tree file's text or None.

    A function's thread-function parameter is its `int (*)(void *)` parameter; a macro's
    is the parameter it passes on as the thread function of another creator (kthread_run()
    to kthread_create() to kthread_create_on_node())."""
    found: Dict[str, Declaration] = {}
    macros: Dict[str, Tuple[str, ctext.Macro]] = {}
    for header in sorted({c.header for c in CREATORS}):
        text = read(header)
        if text is None:
            continue
        masked = ctext.mask(text)
        starts = ctext.line_starts(text)
        defined = ctext.read_macros(text)
        for creator in (c for c in CREATORS if c.header == header):
            if creator.name in defined and defined[creator.name].params is not None:
                macros[creator.name] = (header, defined[creator.name])
                continue
            for offset, params in _function_declarations(text, masked, creator.name):
                index = next((i for i, p in enumerate(params) if _FN_POINTER.search(p)), None)
                where = "%s:%d" % (header, ctext.line_of(starts, offset)[0])
                if creator.name not in found or index is not None:
                    found[creator.name] = _declare(creator.name, where, params, index)
                if index is not None:
                    break
    for _ in range(len(macros)):
        for name, (header, macro) in macros.items():
            if name not in found:
                index = _macro_threadfn(macro, found)
                if index is not None:
                    found[name] = _declare(name, f"{header}:{macro.line}", macro.params, index)
    for name, (header, macro) in macros.items():
        found.setdefault(name, _declare(name, f"{header}:{macro.line}", macro.params, None))
    for creator in CREATORS:
        found.setdefault(creator.name, Declaration(creator.name, None, creator.threadfn,
                                                   creator.arity))
    return found


def _macro_threadfn(macro: ctext.Macro, known: Dict[str, Declaration]) -> Optional[int]:
    """The index of the macro parameter passed on as a known creator's thread function."""
    body = macro.body
    for i, tok in enumerate(body[:-1]):
        decl = known.get(tok.text)
        if decl is None or decl.threadfn is None or body[i + 1].text != "(":
            continue
        close = ctext.match_bracket(body, i + 1)
        args = split_top(body, i + 2, close)
        if decl.threadfn < len(args):
            start, stop = args[decl.threadfn]
            words = [t.text for t in body[start:stop]]
            if len(words) == 1 and words[0] in (macro.params or []):
                return macro.params.index(words[0])
    return None


def signature(declarations: Dict[str, Declaration]) -> bytes:
    """The positions the detector will use, for cache keys."""
    return repr(sorted((d.name, d.threadfn, d.arity) for d in declarations.values())).encode()
