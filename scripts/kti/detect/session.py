# SPDX-License-Identifier: GPL-2.0
"""The detector's state for one spatch file group, filled by the .cocci's script rules.

The SmPL rules of cocci/kthread_threads.cocci find positions (thread functions, creation
calls, wrappers, smpboot initializers, functions calling a stop predicate) and hand them
to a Session; results() then classifies every thread function and returns the facts and
the report lines, computed once for all output modes.  A position is anything with the
attributes of a coccilib Location: file, line, column, column_end, current_element.
"""
import os
import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Set, Tuple

from .. import creators
from ..ctext.functions import FIELD, FUNCTION, classify_argument, enclosing
from ..ctext.mask import mask
from ..ctext.parse import DECL
from .classify import Helpers, classify, stop_loop_helper
from .source import SourceFile
from .vocabulary import SVC_REASON

#: "int NAME(void *__PARAM) {": spatch reads a parameter named like __unused as an
#: attribute and does not match these definitions.
ATTR_PARAM_RE = re.compile(
    r"^(?P<head>(?:[A-Za-z_]\w*[ \t]+)*)int[ \t\n]+(?P<name>[A-Za-z_]\w*)"
    r"\(\s*void\s*\*\s*__\w+\s*\)\s*\{", re.M)


#: arg_kind of a creation call whose creator takes no thread-function parameter.
NO_ARG = "none"


#: Creator declarations by directory spatch runs in: read once per process.
_DECLARED: Dict[str, Dict[str, creators.Declaration]] = {}


def _read_here(path: str) -> Optional[str]:
    try:
        with open(path, encoding="latin-1") as src:
            return src.read()
    except OSError:
        return None


@dataclass
class Where:
    """A position found in the file text, shaped like a coccilib Location."""
    file: str
    line: str
    column: str
    column_end: str
    current_element: str = ""


def creation_argument(text: str) -> Tuple[str, str]:
    """(argument, kind) of a thread-function argument as spatch prints it: the bare name
    of a function, the text of a field without blanks, else the text."""
    text = " ".join(text.split())
    kind, name = classify_argument(text, [])
    if kind == FUNCTION:
        return name, kind
    if kind == FIELD:
        return text.replace(" ", ""), kind
    return text, kind


def _position_fields(p) -> dict:
    """The position fields every fact starts with."""
    return {"file": p.file, "line": int(p.line), "col": int(p.column),
            "end_col": int(p.column_end)}


def _order(item: tuple) -> tuple:
    p = item[0]
    return (p.file, int(p.line), int(p.column))


class Session:
    """Findings of one file group and the facts and report lines made from them."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget everything: the next file group starts."""
        self.threadfns: Dict[Tuple[str, int, str], dict] = {}
        self.statics: Set[Tuple[str, int, int]] = set()
        self.creates: List[dict] = []
        self.wrappers: Dict[Tuple[str, str], int] = {}
        self.smpboot: List[dict] = []
        self.stop_helpers: Dict[Tuple[str, str], object] = {}
        self.stop_users: Dict[Tuple[str, str], object] = {}
        self.stop_callers: Set[Tuple[str, str]] = set()
        self.stop_returners: Set[Tuple[str, str]] = set()
        self.sources: Dict[str, SourceFile] = {}
        self.done: Optional[Tuple[list, list]] = None

    # ----- reading ----------------------------------------------------------------------
    def source(self, path: str) -> SourceFile:
        if path not in self.sources:
            self.sources[path] = SourceFile.read(path)
        return self.sources[path]

    def names(self, path: str) -> Set[str]:
        """Names of the int f(void *) functions defined in a file."""
        return {name for (where, _, name) in self.threadfns if where == path}

    def is_local(self, p, name: str) -> bool:
        """Whether name is declared as a local of the function making the call at p."""
        source = self.source(p.file)
        offset = source.offset(int(p.line), int(p.column))
        span = enclosing(source.spans, offset)
        if span is None or span.name_offset < 0:
            return False
        body = source.body(span.name_offset)
        return any(name == decl[0] and node.start < len(body.tokens) and
                   body.tokens[node.start].offset < offset
                   for node, _ in body.nodes if node.kind == DECL for decl in node.decls)

    # ----- SmPL findings ----------------------------------------------------------------
    def add_threadfn(self, p, name: str) -> None:
        self.threadfns[(p.file, int(p.line), name)] = {"pos": p, "name": name}

    def add_static(self, p) -> None:
        self.statics.add((p.file, int(p.line), int(p.column)))

    def declarations(self) -> Dict[str, creators.Declaration]:
        """The creators as the scanned tree declares them.  spatch runs in the tree
        (kti-scan and coccicheck both start it there); elsewhere, as for the golden
        fixtures, the Linux 6.12 positions stand."""
        here = os.getcwd()
        if here not in _DECLARED:
            _DECLARED[here] = creators.declared(_read_here)
        return _DECLARED[here]

    def add_call(self, p, creator: str, args: List[str]) -> None:
        """A call of a creator: pick its thread-function argument where the tree declares
        it.  A call with another number of arguments than declared is some other function
        of that name (net/atm has its own svc_create())."""
        declared = self.declarations()[creator]
        kind = creators.BY_NAME[creator].kind
        if not args or (declared.arity is not None and len(args) != declared.arity):
            return
        if declared.threadfn is None:
            self.creates.append({
                "pos": p, "creator": creator, "via": None, "arg": "", "arg_kind": NO_ARG,
                "param_index": None, "in_function": p.current_element, "thread_kind": kind,
                "reason": declared.note})
        elif declared.threadfn < len(args):
            self._add_create(p, creator, args[declared.threadfn], kind)

    def _add_create(self, p, creator: str, arg: str, thread_kind: str) -> None:
        name, kind = creation_argument(arg)
        if kind == FUNCTION and name not in self.names(p.file) and self.is_local(p, name):
            kind = "other"
        self.creates.append({
            "pos": p, "creator": creator, "via": None, "arg": name, "arg_kind": kind,
            "param_index": None, "in_function": p.current_element,
            "thread_kind": thread_kind})

    def is_create_arg(self, name: str) -> bool:
        """Whether name is the thread-function argument of a creation call of the file
        group (a wrapper parameter candidate)."""
        return any(c["arg"] == name and c["via"] is None for c in self.creates)

    def is_wrapper(self, name: str) -> bool:
        return any(w == name for (_, w) in self.wrappers)

    def add_wrapper(self, p, wrapper: str, index: int, param: str) -> None:
        """wrapper passes its parameter number index, param, as the thread function of a
        creation call: that call's argument is a "param"."""
        found = False
        for create in self.creates:
            if create["pos"].file == p.file and create["arg"] == param and \
                    create["in_function"] == wrapper and \
                    create["thread_kind"] == creators.KTHREAD and create["via"] is None:
                create["arg_kind"] = "param"
                create["param_index"] = int(index)
                found = True
        if found:
            self.wrappers[(p.file, wrapper)] = int(index)

    def add_wrapper_call(self, p, wrapper: str, args: List[str]) -> None:
        """A call of an in-file wrapper: a creation call through it."""
        index = self.wrappers.get((p.file, wrapper))
        if index is None or index >= len(args) or p.current_element == wrapper:
            return
        self._add_create(p, wrapper, args[index], creators.KTHREAD)
        self.creates[-1]["via"] = wrapper

    def add_smpboot(self, p, struct: str, thread_fn: str) -> None:
        self.smpboot.append({"pos": p, "struct": struct, "thread_fn": thread_fn,
                             "thread_comm": None})

    def add_smpboot_comm(self, struct: str, comm: str) -> None:
        """thread_comm of an smpboot initializer, without the C quotes."""
        comm = comm.strip()
        if len(comm) >= 2 and comm[0] == comm[-1] == '"':
            comm = comm[1:-1]
        for smp in self.smpboot:
            if smp["struct"] == struct:
                smp["thread_comm"] = comm

    def add_stop_caller(self, p) -> None:
        self.stop_callers.add((p.file, p.current_element))

    def add_stop_returner(self, p) -> None:
        self.stop_returners.add((p.file, p.current_element))

    def calls_stop(self, name: str) -> bool:
        """Whether a function of that name calls a stop predicate.  A constraint does not
        see the file, so this is by name within the file group; add_stop_fn() checks it."""
        return any(fn == name for (_, fn) in self.stop_callers)

    def add_stop_fn(self, p, name: str) -> None:
        """A function that calls a stop predicate: a stop helper when it returns its
        value, else a stop user (maybe a wait_to_die() helper)."""
        key = (p.file, name)
        if key not in self.stop_callers or name in self.names(p.file):
            return
        if key in self.stop_returners:
            self.stop_helpers[key] = p
        else:
            self.stop_users[key] = p

    # ----- results ------------------------------------------------------------------------
    def _text_threadfns(self) -> None:
        """Add the "int f(void *__unused)" definitions that spatch missed."""
        paths = {c["pos"].file for c in self.creates}
        paths.update(where for (where, _, _) in self.threadfns)
        for path in sorted(paths):
            text = mask(self.source(path).text)
            known = self.names(path)
            for m in ATTR_PARAM_RE.finditer(text):
                name = m.group("name")
                if name in known:
                    continue
                at = m.start("name")
                line = text.count("\n", 0, at) + 1
                col = at - (text.rfind("\n", 0, at) + 1)
                p = Where(path, str(line), str(col), str(col + len(name)))
                self.threadfns[(path, line, name)] = {"pos": p, "name": name}
                if "static" in m.group("head").split():
                    self.statics.add((path, line, col))

    def _loop_helpers(self, facts: list) -> Dict[str, Dict[str, bool]]:
        """Stop-loop helpers by file: name -> True when they only wait for kthread_stop();
        each is also a stop_loop fact, so that the driver knows them in other files."""
        helpers: Dict[str, Dict[str, bool]] = {}
        for (path, name), p in self.stop_users.items():
            if name in self.names(path):
                continue  # a thread function found in the text after the SmPL rules ran
            waits = stop_loop_helper(self.source(path).body_at(int(p.line), int(p.column)))
            if waits is not None:
                helpers.setdefault(path, {})[name] = waits
                fact = {"kind": "stop_loop"}
                fact.update(_position_fields(p))
                fact.update({"name": name, "waits": waits})
                facts.append((p, fact))
        return helpers

    def _threadfn_results(self, facts: list, reports: list,
                          loop_helpers: Dict[str, Dict[str, bool]]) -> None:
        """threadfn facts, and report lines for the real thread functions."""
        predicates: Dict[str, Set[str]] = {}
        for (path, name) in self.stop_helpers:
            if name not in self.names(path):
                predicates.setdefault(path, set()).add(name)
        used: Dict[str, Set[str]] = {}
        svc_names = set()
        for create in self.creates:
            if create["arg_kind"] == FUNCTION:
                used.setdefault(create["pos"].file, set()).add(create["arg"])
                if create["thread_kind"] == creators.SVC:
                    svc_names.add(create["arg"])
        for smp in self.smpboot:
            used.setdefault(smp["pos"].file, set()).add(smp["thread_fn"])
        for (path, _, name), tf in sorted(self.threadfns.items()):
            p = tf["pos"]
            helpers = Helpers(frozenset(predicates.get(path, set())),
                              loop_helpers.get(path, {}))
            body = self.source(path).body_at(int(p.line), int(p.column))
            info = classify(body, helpers, name in svc_names)
            in_file = name in used.get(path, set())
            checkpoints = info.pop("checkpoints")
            fact = {"kind": "threadfn"}
            fact.update(_position_fields(p))
            fact.update({"name": name,
                         "static": (path, int(p.line), int(p.column)) in self.statics,
                         "used_in_file": in_file})
            fact.update(info)
            facts.append((p, fact))
            if in_file or checkpoints:
                kind = creators.SVC if SVC_REASON in info["reasons"] else creators.KTHREAD
                reports.append((p, "%s thread function %s: %s, %s: %s"
                                % (kind, name, info["loop"], info["verdict"],
                                   "; ".join(info["reasons"]))))

    def _create_results(self, facts: list, reports: list) -> None:
        """create facts, and report lines for the creation calls whose thread function is
        not resolved in the file."""
        called_wrappers = {(c["pos"].file, c["via"]) for c in self.creates if c["via"]}
        for create in self.creates:
            p = create["pos"]
            fact = {"kind": "create"}
            fact.update(_position_fields(p))
            fact.update((k, v) for k, v in create.items() if k != "pos")
            facts.append((p, fact))
            kind = create["arg_kind"]
            if kind == FUNCTION:
                if create["arg"] in self.names(p.file):
                    continue
                msg = "%s() starts %s, not defined as int %s(void *) in this file" \
                    % (create["creator"], create["arg"], create["arg"])
            elif kind == "param":
                if (p.file, create["in_function"]) in called_wrappers:
                    continue
                msg = "%s() in wrapper %s starts its parameter %s" \
                    % (create["creator"], create["in_function"], create["arg"])
            elif kind == NO_ARG:
                msg = "%s(): %s" % (create["creator"], create["reason"])
            else:
                msg = "%s() starts thread function %s, not resolved here" \
                    % (create["creator"], create["arg"])
            reports.append((p, msg))

    def _smpboot_results(self, facts: list, reports: list) -> None:
        for smp in self.smpboot:
            fact = {"kind": "smpboot"}
            fact.update(_position_fields(smp["pos"]))
            fact.update({"struct": smp["struct"], "thread_fn": smp["thread_fn"],
                         "thread_comm": smp["thread_comm"]})
            facts.append((smp["pos"], fact))
            reports.append((smp["pos"], "smpboot thread %s runs %s: the smpboot core owns "
                            "its loop" % (smp["struct"], smp["thread_fn"])))

    def results(self) -> Tuple[list, list]:
        """(facts, report messages), each a list of (position, fact or message) sorted by
        position."""
        if self.done is not None:
            return self.done
        facts: list = []
        reports: list = []
        self._text_threadfns()
        for (path, name), p in self.stop_helpers.items():
            if name in self.names(path):
                continue
            fact = {"kind": "stop_helper"}
            fact.update(_position_fields(p))
            fact["name"] = name
            facts.append((p, fact))
        self._threadfn_results(facts, reports, self._loop_helpers(facts))
        self._create_results(facts, reports)
        self._smpboot_results(facts, reports)
        facts.sort(key=_order)
        reports.sort(key=_order)
        self.done = (facts, reports)
        return self.done
