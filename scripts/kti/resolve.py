# SPDX-License-Identifier: GPL-2.0
"""Join creation sites to thread functions, across files and through wrappers.

The detector sees one file at a time.  It reports creation calls ("create" facts), every
`int NAME(void *)` function ("threadfn" facts) and, for calls whose thread-function argument
is a parameter of the enclosing function, marks that function as a wrapper and emits the
wrapper's same-file calls with "via".  This module finishes the job for the whole tree:

1. A creation site naming a function is tied to the threadfn of that name in its own file,
   else to a non-static threadfn elsewhere (nearest path wins when several exist).
2. Wrappers: callers in other files are found with `git grep -w WRAPPER` and the argument at
   the wrapper's parameter index is read by text extraction (scripts/kti/ctext.py): comments
   and strings are masked, brackets matched, top-level commas split, casts and `&` dropped.
   We chose text extraction over generating a SmPL rule per wrapper and running spatch on
   the caller files because the question is tiny (one argument of one known call) while
   spatch would re-parse every caller file (seconds each) and need a per-wrapper rule to be
   generated, cached and invalidated.  The extraction sees only the call's text, so it cannot
   follow a thread function stored in a variable first; such calls are listed as unresolved
   with the argument text.  A caller passing on its own parameter is itself a wrapper
   (nested wrappers are followed up to MAX_WRAPPER_DEPTH levels).
3. Second phase: names that no scanned file defines are located with git grep (a line that
   starts a definition of NAME), those files are scanned with spatch too, and step 1 is
   repeated.

Every creation site ends resolved (tied to >= 1 thread function) or unresolved with a reason.
"""
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Set, Tuple

from . import ctext, gitgrep
from .maintainers import Maintainers
from .sources import Sources
from .model import (KTHREAD, RESOLVED, SMPBOOT, SVC, UNRESOLVED, CreationSite,
                    ThreadFunction, WrapperCall)
from .prefilter import CREATORS
from .spatch import FileResult

MAX_WRAPPER_DEPTH = 4
#: Give up following a wrapper that has more caller files than this (it is an API then).
MAX_CALLER_FILES = 300

ScanMore = Callable[[List[str]], Dict[str, FileResult]]


@dataclass
class Resolution:
    """Everything the resolver produced."""
    thread_functions: List[ThreadFunction]
    creation_sites: List[CreationSite]
    wrapper_calls: List[WrapperCall]
    second_phase_files: List[str] = field(default_factory=list)
    #: create facts inside the creators' own definitions (kernel/kthread.c): not call sites.
    api_internal: List[dict] = field(default_factory=list)


def _common_prefix_len(a: str, b: str) -> int:
    return len(os.path.commonpath([a, b])) if a and b else 0


class Resolver:
    """One resolution over a set of scan results; call run() once."""

    def __init__(self, tree: Path, results: Dict[str, FileResult], scan_more: ScanMore,
                 maintainers: Maintainers, sources: Optional[Sources] = None):
        self.tree = tree
        self.results = results
        self.scan_more = scan_more
        self.maintainers = maintainers
        self.sources = sources or Sources(tree)
        self.threadfns: Dict[Tuple[str, str], dict] = {}
        self.by_name: Dict[str, List[Tuple[str, str]]] = defaultdict(list)
        self._index()

    # ----- facts -----------------------------------------------------------------------
    def _index(self) -> None:
        self.threadfns.clear()
        self.by_name.clear()
        for path, result in self.results.items():
            for fact in result.facts:
                if fact.get("kind") == "threadfn" and fact.get("name"):
                    # The source text decides linkage: it is what the linker sees.
                    static = self.sources.is_static(path, fact.get("line", 0),
                                                    fact.get("col", 0))
                    if static is not None:
                        fact["static"] = static
                    key = (path, fact["name"])
                    self.threadfns[key] = fact
                    self.by_name[fact["name"]].append(key)

    def _facts(self, kind: str) -> List[Tuple[str, dict]]:
        return [(path, fact) for path, result in sorted(self.results.items())
                for fact in result.facts if fact.get("kind") == kind]

    def _text(self, path: str) -> Optional[str]:
        return self.sources.text(path)

    # ----- thread-function lookup ---------------------------------------------------------
    def lookup(self, name: str, from_file: str) -> Optional[Tuple[str, str]]:
        """The (file, name) of the thread function a call in from_file means by `name`."""
        if (from_file, name) in self.threadfns:
            return (from_file, name)
        candidates = [key for key in self.by_name.get(name, [])
                      if not self.threadfns[key].get("static")]
        if not candidates:
            return None
        return max(candidates, key=lambda key: (_common_prefix_len(key[0], from_file), key[0]))

    def _second_phase(self, names: Set[str]) -> List[str]:
        """Scan the files that define still-unknown thread functions; return them."""
        if not names:
            return []
        hits = gitgrep.lines_with_any(self.tree, sorted(names), ("*.c", "*.h"))
        files = set()
        for path, _line, text in hits:
            if path in self.results:
                continue
            for name in names:
                # A definition starts in column 0 and is not a prototype.
                if re.match(r"^[A-Za-z_][^;=]*\b%s\s*\((?!.*;\s*$)" % re.escape(name), text):
                    files.add(path)
        new = sorted(files)
        if new:
            self.results.update(self.scan_more(new))
            self._index()
        return new

    def _why_not_found(self, name: str) -> str:
        defs = [key for key in self.by_name.get(name, [])]
        if defs:
            return (f"'{name}' is only defined static in {defs[0][0]}, "
                    "not visible from this file")
        failed = [p for p, r in self.results.items() if r.failed and name in (self._text(p) or "")]
        if failed:
            return f"'{name}' may be defined in {failed[0]}, which spatch could not process"
        return f"no definition of 'int {name}(void *)' found in the tree"

    # ----- wrappers -----------------------------------------------------------------------
    def _is_static(self, path: str, name: str) -> bool:
        text = self._text(path) or ""
        return re.search(r"^static\b[^;{]*\b%s\s*\(" % re.escape(name), text, re.M) is not None

    def _caller_files(self, wrappers: List[Tuple[str, str]]) -> Dict[str, List[str]]:
        """For each wrapper name, the other .c files mentioning it (one git grep for all)."""
        names = sorted({name for path, name in wrappers if not self._is_static(path, name)})
        found: Dict[str, List[str]] = {name: [] for name in names}
        if not names:
            return found
        for path in gitgrep.files_with_any(self.tree, names):
            text = self._text(path) or ""
            for name in names:
                if re.search(r"\b%s\b" % re.escape(name), text):
                    found[name].append(path)
        return found

    def _cross_file_calls(self, wrapper_file: str, wrapper: str, index: int,
                          files: List[str]) -> List[WrapperCall]:
        calls: List[WrapperCall] = []
        for path in [p for p in files if p != wrapper_file][:MAX_CALLER_FILES]:
            text = self._text(path)
            if text is None:
                continue
            if any(span.name == wrapper for span in self.sources.spans(path)):
                continue  # the file defines its own function of that name
            for call in ctext.find_calls(text, wrapper, self.sources.masked(path),
                                         self.sources.spans(path), self.sources.starts(path)):
                func = call.function
                params = func.params if func else []
                if index < len(call.args):
                    arg = call.args[index]
                    kind, _name = ctext.classify_argument(arg, params)
                else:
                    arg, kind = "", "other"
                calls.append(WrapperCall(
                    id=f"{path}:{call.line}:{call.col}", file=path, line=call.line,
                    col=call.col, end_col=call.end_col, wrapper=wrapper,
                    wrapper_file=wrapper_file, arg=arg, arg_kind=kind,
                    in_function=func.name if func else "", found_by="text"))
        return calls

    def _same_file_calls(self, wrapper_file: str, wrapper: str) -> List[WrapperCall]:
        calls = []
        result = self.results.get(wrapper_file)
        for fact in (result.facts if result else []):
            if fact.get("kind") == "create" and fact.get("via") == wrapper:
                calls.append(WrapperCall(
                    id=f"{wrapper_file}:{fact['line']}:{fact['col']}", file=wrapper_file,
                    line=fact["line"], col=fact["col"], end_col=fact["end_col"],
                    wrapper=wrapper, wrapper_file=wrapper_file, arg=fact.get("arg", ""),
                    arg_kind=fact.get("arg_kind", "other"),
                    in_function=fact.get("in_function", ""), found_by="spatch"))
        return calls

    def _param_index_of(self, call: WrapperCall) -> Optional[int]:
        """For a caller passing its own parameter: that parameter's index in the caller."""
        for span in self.sources.spans(call.file):
            if span.name == call.in_function:
                _kind, name = ctext.classify_argument(call.arg, span.params)
                if name in span.params:
                    return span.params.index(name)
        return None

    # ----- main -------------------------------------------------------------------------
    def run(self) -> Resolution:
        sites: List[CreationSite] = []
        api_internal: List[dict] = []
        for path, fact in self._facts("create"):
            if fact.get("via"):
                continue
            if fact.get("in_function") in CREATORS:
                api_internal.append(dict(fact, file=path))
                continue
            sites.append(CreationSite(
                id=f"{path}:{fact['line']}:{fact['col']}", file=path, line=fact["line"],
                col=fact["col"], end_col=fact["end_col"], creator=fact.get("creator", ""),
                arg=fact.get("arg", ""), arg_kind=fact.get("arg_kind", "other"),
                in_function=fact.get("in_function", ""),
                thread_kind=fact.get("thread_kind", KTHREAD),
                subsystem=self.maintainers.subsystem(path)))

        # Wrappers, breadth first: (file, name) -> parameter index, and their calls.
        wrapper_index: Dict[Tuple[str, str], int] = {}
        wrapper_calls: Dict[Tuple[str, str], List[WrapperCall]] = {}
        queue: List[Tuple[str, str, int, int]] = []
        for site in sites:
            if site.arg_kind == "param":
                site.wrapper = site.in_function
                fact_index = self._site_param_index(site)
                if fact_index is not None and (site.file, site.wrapper) not in wrapper_index:
                    wrapper_index[(site.file, site.wrapper)] = fact_index
                    queue.append((site.file, site.wrapper, fact_index, 1))
        while queue:
            level, queue = queue, []
            callers = self._caller_files([(f, n) for f, n, _i, _d in level])
            for wfile, wname, index, depth in level:
                calls = self._same_file_calls(wfile, wname) + self._cross_file_calls(
                    wfile, wname, index, callers.get(wname, []))
                wrapper_calls[(wfile, wname)] = calls
                for call in calls:
                    if call.arg_kind != "param":
                        continue
                    nested = self._param_index_of(call)
                    key = (call.file, call.in_function)
                    if nested is None or depth >= MAX_WRAPPER_DEPTH:
                        call.reason = "passes its own parameter on; nesting too deep to follow"
                    elif key not in wrapper_index and call.in_function not in CREATORS:
                        wrapper_index[key] = nested
                        queue.append((call.file, call.in_function, nested, depth + 1))

        # Names to look up, then the second phase for the ones no scanned file defines.
        all_calls = [c for calls in wrapper_calls.values() for c in calls]
        wanted = [(s.arg, s.file) for s in sites if s.arg_kind == "function"]
        wanted += [(ctext.classify_argument(c.arg, [])[1], c.file)
                   for c in all_calls if c.arg_kind == "function"]
        missing = {name for name, path in wanted if self.lookup(name, path) is None}
        second = self._second_phase(missing)

        tied: Dict[Tuple[str, str], ThreadFunction] = {}
        for call in all_calls:
            if call.arg_kind == "function":
                name = ctext.classify_argument(call.arg, [])[1]
                key = self.lookup(name, call.file)
                if key is None:
                    call.reason = self._why_not_found(name)
                else:
                    call.thread_function = self._tie(tied, key).id
                    self._tie(tied, key).wrapper_calls.append(call.id)
            elif call.arg_kind != "param" and call.reason is None:
                call.reason = _unresolvable(call.arg_kind, call.arg)

        def wrapper_targets(key: Tuple[str, str], seen: Set[Tuple[str, str]]) -> List[str]:
            found: List[str] = []
            if key in seen:
                return found
            seen.add(key)
            for call in wrapper_calls.get(key, []):
                if call.thread_function:
                    found.append(call.thread_function)
                elif call.arg_kind == "param":
                    found += wrapper_targets((call.file, call.in_function), seen)
            return found

        for site in sites:
            if site.arg_kind == "function":
                key = self.lookup(site.arg, site.file)
                if key is None:
                    site.reason = self._why_not_found(site.arg)
                else:
                    site.thread_functions = [self._tie(tied, key).id]
            elif site.arg_kind == "param" and site.wrapper:
                targets = wrapper_targets((site.file, site.wrapper), set())
                site.thread_functions = sorted(set(targets))
                if not site.thread_functions:
                    n_calls = len(wrapper_calls.get((site.file, site.wrapper), []))
                    site.reason = (f"wrapper {site.wrapper}(): no caller found" if not n_calls
                                   else f"wrapper {site.wrapper}(): none of its {n_calls} "
                                        "caller(s) passes a resolvable thread function")
            else:
                site.reason = _unresolvable(site.arg_kind, site.arg)
            site.status = RESOLVED if site.thread_functions else UNRESOLVED
            for tid in site.thread_functions:
                tfn = next(t for t in tied.values() if t.id == tid)
                tfn.creation_sites.append(site.id)
                if site.thread_kind == SVC:
                    tfn.kind = SVC

        functions = list(tied.values()) + self._untied_candidates(tied)
        functions += self._smpboot()
        for tfn in functions:
            if tfn.kind == SVC and tfn.verdict != "manual":
                tfn.verdict = "manual"
                tfn.reasons.append("svc thread: the sunrpc svc layer starts and stops it")
        functions.sort(key=lambda t: (t.file, t.line, t.name))
        return Resolution(functions, sites, sorted(all_calls, key=lambda c: c.id), second,
                          api_internal)

    def _site_param_index(self, site: CreationSite) -> Optional[int]:
        result = self.results.get(site.file)
        for fact in (result.facts if result else []):
            if (fact.get("kind") == "create" and fact.get("line") == site.line
                    and fact.get("col") == site.col):
                index = fact.get("param_index")
                if isinstance(index, int):
                    return index
        return None

    def _make_function(self, key: Tuple[str, str], tied: bool) -> ThreadFunction:
        path, name = key
        fact = self.threadfns[key]
        return ThreadFunction(
            id=f"{path}:{name}", name=name, file=path, line=fact.get("line", 0),
            col=fact.get("col", 0), end_col=fact.get("end_col", 0),
            end_line=self.sources.function_end_line(path, fact.get("line", 1)),
            kind=KTHREAD, static=bool(fact.get("static")),
            verdict=fact.get("verdict", "manual"), reasons=list(fact.get("reasons", [])),
            loop=fact.get("loop", ""), loop_line=fact.get("loop_line"),
            stop_predicate=fact.get("stop_predicate"), freezer=list(fact.get("freezer", [])),
            parking=list(fact.get("parking", [])), signals=list(fact.get("signals", [])),
            sleep=list(fact.get("sleep", [])), exit=list(fact.get("exit", [])),
            persistent_locals=list(fact.get("persistent_locals", [])),
            subsystem=self.maintainers.subsystem(path), tied=tied)

    def _tie(self, tied: Dict[Tuple[str, str], ThreadFunction],
             key: Tuple[str, str]) -> ThreadFunction:
        if key not in tied:
            tied[key] = self._make_function(key, True)
        return tied[key]

    def _untied_candidates(self, tied: Dict[Tuple[str, str], ThreadFunction]
                           ) -> List[ThreadFunction]:
        """Functions that look like thread functions but that no creation site reaches."""
        out = []
        for key, fact in sorted(self.threadfns.items()):
            if key in tied:
                continue
            if fact.get("stop_predicate") or fact.get("used_in_file") or fact.get("parking"):
                tfn = self._make_function(key, False)
                tfn.reasons.append("no creation site found for it (created through a "
                                   "pointer, a macro or an API this scan does not follow)")
                out.append(tfn)
        return out

    def _smpboot(self) -> List[ThreadFunction]:
        """smp_hotplug_thread users: per-CPU threads whose loop the smpboot core owns."""
        out = []
        for path, fact in self._facts("smpboot"):
            name = fact.get("thread_fn") or "?"
            out.append(ThreadFunction(
                id=f"{path}:{name}", name=name, file=path, line=fact.get("line", 0),
                col=fact.get("col", 0), end_col=fact.get("end_col", 0),
                end_line=fact.get("line", 0), kind=SMPBOOT, static=True, verdict="smpboot",
                reasons=[f"per-CPU thread '{fact.get('thread_comm') or name}' run by the "
                         f"smpboot core loop (struct {fact.get('struct', '?')})"],
                loop="smpboot", loop_line=None, stop_predicate=None, freezer=[], parking=[],
                signals=[], sleep=[], exit=[], persistent_locals=[],
                subsystem=self.maintainers.subsystem(path)))
        return out


def _unresolvable(kind: str, arg: str) -> str:
    if kind == "field":
        return f"thread function comes from a structure field ({arg})"
    if kind == "param":
        return f"thread function is a parameter ({arg}) of an unresolved wrapper"
    return f"thread function is a computed expression ({arg or 'missing argument'})"
