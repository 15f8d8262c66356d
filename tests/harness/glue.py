# SPDX-License-Identifier: GPL-2.0
"""The translation unit the harness compiles for one version of a fixture: the model header,
the fixture's own file (so its static functions are reachable), one recording stub per
undefined function, and ktim_fixture_start(), which creates the kthread as its owner would:
kthread_create(THREAD, data, ...) for the original, kthread_iterant_create(&DESC, data, ...)
for the conversion.
"""
import re
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Set

from kti import ctext

from . import cdecl
from .errors import HarnessError
from .fixture import Stubs

MODEL_HEADER = Path(__file__).resolve().parent / "model" / "kti_model.h"
_CREATORS = ("kthread_create", "kthread_run", "kthread_create_on_node",
             "kthread_create_on_cpu", "kthread_run_on_cpu")
_STOP_CHECKS = re.compile(r"\bkthread_(?:freezable_)?should_stop\s*\(")
_DESCRIPTION = re.compile(r"\bstruct\s+kthread_iterant\s+([A-Za-z_]\w*)\s*(?:__initconst\s*)?=")


@dataclass(frozen=True)
class Entry:
    """How the owner creates the kthread: a legacy thread function or an iterant description."""
    name: str
    iterant: bool

    def start_code(self) -> str:
        if self.iterant:
            return '\tkthread_iterant_create(&%s, data, "kti-harness");\n' % self.name
        return '\tkthread_create(%s, data, "kti-harness");\n' % self.name


def model_names() -> Set[str]:
    """Every identifier of the model's header: a fixture never gets a stub for these."""
    return set(re.findall(r"[A-Za-z_]\w*", ctext.mask(MODEL_HEADER.read_text())))


def thread_function(text: str, where: str, named: Optional[str]) -> Entry:
    """The legacy thread function: the header's `Thread:`, else the one function handed to
    a kthread creator, else the one function that checks kthread_should_stop()."""
    masked = ctext.mask(text)
    spans = ctext.function_spans(masked)
    defined = {span.name for span in spans}
    if named:
        if named not in defined:
            raise HarnessError("%s: Thread: %s is not defined in the file" % (where, named))
        return Entry(named, False)
    created = {call.args[0].lstrip("&") for creator in _CREATORS
               for call in ctext.find_calls(text, creator, masked, spans) if call.args}
    candidates = sorted(created & defined) or sorted(
        span.name for span in spans
        if _STOP_CHECKS.search(masked, span.body_open, span.body_close))
    if len(candidates) != 1:
        raise HarnessError("%s: cannot tell the thread function (candidates: %s); "
                           "name it with 'Thread:'" % (where, ", ".join(candidates) or "none"))
    return Entry(candidates[0], False)


def result_read(text: str) -> bool:
    """Whether the owner may read what kthread_stop() returns: true unless the file calls
    kthread_stop() and every call is a statement of its own (`kthread_stop(t->task);`)."""
    masked = ctext.mask(text)
    calls = list(re.finditer(r"\bkthread_stop(?:_put)?\s*\(", masked))
    for call in calls:
        before = masked[:call.start()].rstrip()
        close = ctext.matching_close(masked, call.end() - 1)
        after = masked[close + 1:].lstrip() if close >= 0 else ""
        if not before.endswith((";", "{", "}")) or not after.startswith(";"):
            return True
    return not calls


def description(text: str, where: str, thread: str) -> Entry:
    """The iterant description of the converted file; with several, the one named after the
    thread function."""
    found = _DESCRIPTION.findall(ctext.mask(text))
    if len(found) > 1:
        found = [name for name in found if name.startswith(thread)]
    if len(found) != 1:
        raise HarnessError("%s: expected one struct kthread_iterant for %s, found %s"
                           % (where, thread, len(found)))
    return Entry(found[0], True)


def _stub(proto: cdecl.Prototype, stubs: Stubs) -> str:
    flags = []
    if proto.name in stubs.queries:
        flags.append("KTIM_QUERY")
    if proto.name in stubs.consumes:
        flags.append("KTIM_CONSUMES")
    params = ", ".join(p.decl for p in proto.params) or "void"
    lines = []
    returns = stubs.returns.get(proto.name)
    table = "NULL, 0"
    if returns:
        lines.append("static const long long ktim_returns_%s[] = { %s };"
                     % (proto.name, ", ".join("%dLL" % v for v in returns)))
        table = "ktim_returns_%s, %d" % (proto.name, len(returns))
    if proto.ret_kind == "ptr":
        lines.append("static char ktim_object_%s[256] __attribute__((aligned(16)));"
                     % proto.name)
    lines.append("%s%s %s(%s)" % ("static " if proto.static else "", proto.ret, proto.name,
                                  params))
    lines.append("{")
    lines.append('\tktim_call_begin("%s", %s);' % (proto.name, " | ".join(flags) or "0"))
    for p in proto.params:
        if p.kind == "int":
            lines.append("\tktim_arg_int((long long)%s);" % p.name)
        elif p.kind == "str":
            lines.append("\tktim_arg_str(%s);" % p.name)
        else:
            lines.append("\tktim_arg_ptr((const void *)%s);" % p.name)
    end = "ktim_call_end(%s, %s)" % (table, "false" if proto.ret_kind == "void" else "true")
    if proto.ret_kind == "void":
        lines.append("\t%s;" % end)
    elif proto.ret_kind == "bool":
        lines.append("\treturn %s != 0;" % end)
    elif proto.ret_kind == "ptr":
        lines.append("\treturn ktim_ret_ptr(%s, ktim_object_%s);" % (end, proto.name))
    else:
        lines.append("\treturn (%s)%s;" % (proto.ret, end))
    lines.append("}")
    return "\n".join(lines) + "\n"


def translation_unit(source: Path, text: str, entry: Entry, stubs: Stubs) -> str:
    """The C text to compile for one version (original or converted) of a fixture."""
    protos = cdecl.undefined_functions(text, str(source), model_names())
    declared = {p.name for p in protos}
    named: List[str] = sorted(set(stubs.returns) | stubs.queries | stubs.consumes)
    unknown = [name for name in named if name not in declared]
    if unknown:
        raise HarnessError("%s: the Harness line names %s, which the file does not declare"
                           % (source, ", ".join(unknown)))
    parts = ['#include "kti_model.h"', '#include "%s"' % source.resolve(), ""]
    parts += [_stub(p, stubs) for p in protos]
    parts.append("void ktim_fixture_start(void *data)\n{\n%s}\n" % entry.start_code())
    return "\n".join(parts)
