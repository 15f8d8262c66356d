# SPDX-License-Identifier: GPL-2.0
"""Thread functions started by include/linux/torture.h's creation macros.

torture_create_kthread(n, arg, tp) and torture_create_kthread_cb(n, arg, tp, cbf) become
torture_create_kthread_iterant(n, ...) and torture_create_kthread_iterant_cb(n, ...) (the
core series' torture patch): same task name #n, and n##_kti pasted as the description, so
the description must be named F_kti.  The task is stored through &(tp) and stopped by
torture_stop_kthread(n, tp), which calls kthread_stop(*tp) without reading its result
(checked against the tree's definitions, not assumed), or by kthread_stop(tp) itself.
"""
import re
from typing import Callable, List, Optional, Set

from .. import ctext
from .model import Reason, Refusal

CREATOR = "_torture_create_kthread"
#: legacy macro -> the macro that starts the description instead
MACROS = {"torture_create_kthread": "torture_create_kthread_iterant",
          "torture_create_kthread_cb": "torture_create_kthread_iterant_cb"}
#: the parameter list and the expansion (as tokens) each macro must have
_DEFINITIONS = {
    "torture_create_kthread": (
        ["n", "arg", "tp"],
        '_torture_create_kthread(n, (arg), #n, "Creating " #n " task", '
        '"Failed to create " #n, &(tp), NULL)'),
    "torture_create_kthread_cb": (
        ["n", "arg", "tp", "cbf"],
        '_torture_create_kthread(n, (arg), #n, "Creating " #n " task", '
        '"Failed to create " #n, &(tp), cbf)'),
    "torture_create_kthread_iterant": (
        ["n", "arg", "tp"],
        '_torture_create_kthread_iterant(&n##_kti, (arg), #n, "Creating " #n " task", '
        '"Failed to create " #n, &(tp), NULL)'),
    "torture_create_kthread_iterant_cb": (
        ["n", "arg", "tp", "cbf"],
        '_torture_create_kthread_iterant(&n##_kti, (arg), #n, "Creating " #n " task", '
        '"Failed to create " #n, &(tp), cbf)'),
    "torture_stop_kthread": (
        ["n", "tp"], '_torture_stop_kthread("Stopping " #n " task", &(tp))'),
}
STOPPER = "torture_stop_kthread"
#: the body that kthread_stop()s the task stored through tp, result unread
_STOP_BODY = re.compile(r"void\s+_torture_stop_kthread\s*\(\s*char\s*\*\s*m\s*,\s*struct\s+"
                        r"task_struct\s*\*\*\s*tp\s*\)\s*\{\s*if\s*\(\s*\*\s*tp\s*==\s*NULL\s*\)"
                        r"\s*return\s*;\s*VERBOSE_TOROUT_STRING\s*\(\s*m\s*\)\s*;\s*"
                        r"kthread_stop\s*\(\s*\*\s*tp\s*\)\s*;\s*\*\s*tp\s*=\s*NULL\s*;\s*\}")


def is_inner_site(site: dict) -> bool:
    """The kthread_create() inside _torture_create_kthread() that every macro call reaches."""
    return site.get("in_function") == CREATOR


def _words(text: str) -> List[str]:
    return [t.text for t in ctext.lex(text, 0, len(text))[0]]


def macros_as_expected(header: str, source: str, read: Callable[[str], str]
                       ) -> Optional[str]:
    """None when the macros in header and _torture_stop_kthread() in source (the file of
    _torture_create_kthread()) are the ones this module knows; else what differs."""
    macros = ctext.read_macros(read(header))
    for name, (params, body) in sorted(_DEFINITIONS.items()):
        macro = macros.get(name)
        if macro is None or macro.params != params or \
                [t.text for t in macro.body] != _words(body):
            return "%s is not defined as expected in %s" % (name, header)
    if not _STOP_BODY.search(ctext.mask(read(source))):
        return "_torture_stop_kthread() is not defined as expected in %s" % source
    return None


def creation_sites(wrapper_calls: List[dict], inner_sites: List[dict], name: str,
                   read: Callable[[str], str]) -> List[dict]:
    """The macro calls that start thread function name (inner_sites: its creation sites
    inside _torture_create_kthread()); Refusal(WRAPPER) unless every call is a torture
    creation macro passing name itself, defined as this module knows."""
    for call in wrapper_calls:
        if call.get("wrapper") not in MACROS or call.get("arg_kind") != "function" or \
                call.get("arg") != name:
            raise Refusal(Reason.WRAPPER, "%s() at %s" % (call.get("wrapper"), call["id"]))
    sources = {s["file"] for s in inner_sites}
    if len(sources) != 1:
        raise Refusal(Reason.WRAPPER, "%s() not found once" % CREATOR)
    for call in wrapper_calls:
        differs = macros_as_expected(call["wrapper_file"], min(sources), read)
        if differs:
            raise Refusal(Reason.WRAPPER, differs)
    return [dict(call, creator=call["wrapper"], torture=True) for call in wrapper_calls]


def check_description_name(name: str, kti: str) -> None:
    if kti != name + "_kti":
        raise Refusal(Reason.WRAPPER, "torture_create_kthread_iterant() pastes %s_kti, the "
                      "description is %s" % (name, kti))


def now(creator: str) -> str:
    """What a creation site calls after the conversion."""
    return MACROS.get(creator) or "kthread_iterant_" + creator[len("kthread_"):]


def _arguments(masked: str, open_at: int) -> Optional[List[str]]:
    close = ctext.matching_close(masked, open_at)
    if close < 0:
        return None
    return [masked[a:b] for a, b in ctext.split_args(masked, open_at, close)]


def task_names(masked: str, name: str, index: int, count: int,
               last_word: Callable[[str], Optional[str]]) -> Optional[Set[str]]:
    """The task the index-th of the count legacy macro calls starting name in masked stores
    (its third argument, tp); None when masked does not hold count such calls.  Found by
    name and order, not by position: an earlier conversion of the file moved the lines."""
    calls = []
    for m in re.finditer(r"\b(?:%s)\s*\(" % "|".join(sorted(MACROS, key=len, reverse=True)),
                         masked):
        args = _arguments(masked, m.end() - 1)
        if args and len(args) >= 3 and args[0].strip() == name:
            calls.append(args)
    if len(calls) != count:
        return None
    word = last_word(calls[index][2])
    return {word} if word else None


def stop_lines(text: str, names: Set[str], last_word: Callable[[str], Optional[str]]
               ) -> List[int]:
    """Lines of torture_stop_kthread(n, tp) calls on one of names."""
    masked = ctext.mask(text)
    starts = ctext.line_starts(text)
    found = []
    for m in re.finditer(r"\b%s\s*\(" % STOPPER, masked):
        args = _arguments(masked, m.end() - 1)
        if args and len(args) == 2 and last_word(args[1]) in names:
            found.append(ctext.line_of(starts, m.start())[0])
    return found
