# SPDX-License-Identifier: GPL-2.0
"""Join creation sites to thread functions, across files and through wrappers.

The detector sees one file at a time.  It reports creation calls ("create" facts), every
`int NAME(void *)` function ("threadfn" facts) and, for calls whose thread-function argument
is a parameter of the enclosing function, marks that function as a wrapper and emits the
wrapper's same-file calls with "via".  This module finishes the job for the whole tree:

1. A creation site naming a function is tied to the threadfn of that name in its own file,
   else to a non-static threadfn elsewhere (nearest path wins when several exist).  Linkage
   (static or not) is read from the source text, which is what the linker sees.
2. Wrappers: callers in other files are found with one `git grep -w` for all wrappers of a
   level and the argument at the wrapper's parameter index is read by text extraction
   (scripts/kti/ctext.py): comments and strings are masked, brackets matched, top-level
   commas split, casts and `&` dropped.  We chose text extraction over generating a SmPL
   rule per wrapper and running spatch on the caller files because the question is tiny
   (one argument of one known call) while spatch would re-parse every caller file (seconds
   each) and need a per-wrapper rule generated, cached and invalidated.  The price: a
   thread function stored in a variable first is not followed across files; such calls
   stay unresolved with the argument text.  A caller passing on its own parameter is
   itself a wrapper (followed up to MAX_WRAPPER_DEPTH levels).  A creation call inside a
   function-like macro whose argument is a macro parameter makes the macro a wrapper too;
   its uses are found the same way (same file included).
3. A thread function held in a local function-pointer variable (`int (*fn)(void *)`) is
   resolved to every function assigned to that variable in the enclosing function.
4. The svc layer's own kthread creation (net/sunrpc/svc.c, serv->sv_threadfn) is tied to
   every thread function passed to svc_create()/svc_create_pooled().
5. Second phase: names that no scanned file defines are located with git grep (a line
   defining `NAME(void *`), those files are scanned with spatch too, and the lookups repeat.

Every creation site ends resolved (tied to >= 1 thread function) or unresolved with a reason.
"""
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Set, Tuple

from . import ctext
from .grepmemo import GrepMemo
from .maintainers import Maintainers
from .model import (KTHREAD, RESOLVED, SMPBOOT, SVC, UNRESOLVED, CreationSite,
                    ThreadFunction, WrapperCall)
from .ids import FnKey, function_id, key_of
from .creators import API_FILES, NAMES as CREATORS
from .prefilter import SCANNED_FILES
from .sources import Sources
from .spatch import FileResult
from .stophelpers import reclassify

MAX_WRAPPER_DEPTH = 4
#: The sunrpc svc layer starts every svc thread with kthread_create_on_node(
#: serv->sv_threadfn, ...); sv_threadfn is the function given to svc_create*(), so that
#: site runs every svc thread function.
SVC_DISPATCH = ("net/sunrpc/svc.c", "sv_threadfn")
#: Give up following a wrapper that has more caller files than this (it is an API then).
MAX_CALLER_FILES = 300

UNTIED_REASON = "no creation site found for it"

ScanMore = Callable[[List[str]], Dict[str, FileResult]]
Key = Tuple[str, str]  # (file, function or macro name)


@dataclass
class Resolution:
    """Everything the resolver produced."""
    thread_functions: List[ThreadFunction]
    creation_sites: List[CreationSite]
    wrapper_calls: List[WrapperCall]
    second_phase_files: List[str] = field(default_factory=list)
    #: create facts inside the creators' own definitions (kernel/kthread.c): not call sites.
    api_internal: List[dict] = field(default_factory=list)


@dataclass
class _Wrapper:
    """A function or macro that hands its parameter `index` on to a creator."""
    file: str
    name: str
    index: int
    depth: int
    is_macro: bool = False
    #: Found in code spatch could not parse: its own file's calls are found by text too.
    text_only: bool = False


def _common_prefix_len(a: str, b: str) -> int:
    return len(os.path.commonpath([a, b])) if a and b else 0


class Resolver:
    """One resolution over a set of scan results; call run() once."""

    def __init__(self, tree: Path, results: Dict[str, FileResult], scan_more: ScanMore,
                 maintainers: Maintainers, sources: Optional[Sources] = None,
                 grep: Optional[GrepMemo] = None):
        self.tree = tree
        self.grep = grep or GrepMemo(tree, SCANNED_FILES, None)
        self.results = results
        self.scan_more = scan_more
        self.maintainers = maintainers
        self.sources = sources or Sources(tree)
        self.threadfns: Dict[FnKey, dict] = {}
        self.by_name: Dict[str, List[FnKey]] = defaultdict(list)
        self._index()

    # ----- facts -----------------------------------------------------------------------
    def _index(self) -> None:
        reclassify(self.results, self.sources)
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
                    key = (path, fact["name"], fact.get("line", 0))
                    self.threadfns[key] = fact
                    self.by_name[fact["name"]].append(key)

    def _facts(self, kind: str) -> List[Tuple[str, dict]]:
        return [(path, fact) for path, result in sorted(self.results.items())
                for fact in result.facts if fact.get("kind") == kind]

    def _text(self, path: str) -> Optional[str]:
        return self.sources.text(path)

    # ----- thread-function lookup ---------------------------------------------------------
    def lookup(self, name: str, from_file: str) -> List[FnKey]:
        """The definitions a call in from_file means by `name`: those of its own file, else
        the non-static ones of the nearest file; several when #ifdef/#else define it twice."""
        own = [key for key in self.by_name.get(name, []) if key[0] == from_file]
        if own:
            return own
        candidates = [key for key in self.by_name.get(name, [])
                      if not self.threadfns[key].get("static")]
        if not candidates:
            return []
        best = max(candidates, key=lambda key: (_common_prefix_len(key[0], from_file), key[0]))
        return [key for key in candidates if key[0] == best[0]]

    def _local_variable_targets(self, path: str, line: int, name: str) -> Optional[List[str]]:
        """Functions assigned to a local pointer variable `name`, or None if it is not one.

        A local is recognised by its declaration in the enclosing function: a pointer to
        function `int (*name)(void *)` or a plain pointer `void *name`.
        """
        span = self.sources.function_at(path, line)
        if span is None:
            return None
        body = (self._text(path) or "")[span.body_open:span.body_close]
        escaped = re.escape(name)
        if not re.search(r"\(\s*\*\s*%s\s*\)\s*\(|\*\s*%s\s*[=;,]" % (escaped, escaped),
                         body):
            return None
        found = re.findall(r"\b%s\s*=\s*&?\s*([A-Za-z_]\w*)\s*;" % re.escape(name), body)
        return [f for f in dict.fromkeys(found) if f != "NULL"]

    def _second_phase(self, missing: Set[Tuple[str, str]]) -> List[str]:
        """Scan the files that may define still-unknown thread functions; return them.

        missing holds (name, file naming it).  Candidates: the naming files themselves when
        not scanned yet (a wrapper call in a file the prefilter did not pick usually names
        a static function of that file), and files with a column-0 definition of
        `NAME(void *` (non-static, or static in the naming file).
        """
        if not missing:
            return []
        names = {name for name, _path in missing}
        files = {path for _name, path in missing if path not in self.results}
        # A definition of `int NAME(void *...)` starts in column 0.
        definition = {name: re.compile(r"^[A-Za-z_][^;=(]*\b%s\s*\(\s*(const\s+)?void\s*\*"
                                       % re.escape(name)) for name in names}
        hits = self.grep.lines_with_any(names)
        for path, _line, text in hits:
            if path in self.results or text.rstrip().endswith(";"):
                continue
            for name in names:
                if text.startswith("static") and (name, path) not in missing:
                    continue
                if name in text and definition[name].match(text):
                    files.add(path)
        new = sorted(files)
        if new:
            self.results.update(self.scan_more(new))
            self._index()
        return new

    def _why_not_found(self, name: str, from_file: str) -> str:
        static = [key for key in self.by_name.get(name, []) if key[0] != from_file]
        if static:
            return (f"'{name}' is only defined static in {static[0][0]}, "
                    "not visible from this file")
        text = self.sources.masked(from_file)
        match = re.search(r"^[A-Za-z_][^;=(]*\b%s\s*\(([^)]*)\)\s*$" % re.escape(name),
                          text, re.M)
        if match:
            line = text.count("\n", 0, match.start()) + 1
            result = self.results.get(from_file)
            if result is None or result.failed:
                return (f"'{name}' is defined at {from_file}:{line} but the detector could "
                        "not process that file")
            return (f"'{name}' is defined at {from_file}:{line} as {name}({match.group(1)}) "
                    "but the detector did not describe it (spatch could not parse it, or "
                    "reads a parameter named like __unused as an attribute)")
        failed = [p for p, r in self.results.items()
                  if r.failed and name in (self._text(p) or "")]
        if failed:
            return f"'{name}' may be defined in {failed[0]}, which spatch could not process"
        return f"no definition of 'int {name}(void *)' found in the tree"

    # ----- wrappers -----------------------------------------------------------------------
    def _is_static(self, path: str, name: str) -> bool:
        text = self._text(path) or ""
        return re.search(r"^static\b[^;{]*\b%s\s*\(" % re.escape(name), text, re.M) is not None

    def _caller_files(self, wrappers: List[_Wrapper]) -> Dict[str, List[str]]:
        """For each wrapper name, the .c/.h files mentioning it (one git grep for all)."""
        # A static function or a macro in a .c file is private to it; in a header both
        # are visible to every file that includes it.
        visible = [w for w in wrappers if not w.file.endswith(".c")
                   or not (w.is_macro or self._is_static(w.file, w.name))]
        names = sorted({w.name for w in visible})
        found: Dict[str, List[str]] = {name: [] for name in names}
        if not names:
            return found
        for path in self.grep.files_with_any(names):
            text = self._text(path) or ""
            for name in names:
                if re.search(r"\b%s\b" % re.escape(name), text):
                    found[name].append(path)
        return found

    def _text_calls(self, wrapper: _Wrapper, files: List[str]) -> List[WrapperCall]:
        """Calls of the wrapper found by text in `files` (its own file only for macros)."""
        calls: List[WrapperCall] = []
        if wrapper.file not in files:
            files = [wrapper.file] + files
        for path in files[:MAX_CALLER_FILES]:
            # In a function wrapper's own file the detector reported the calls in function
            # bodies itself ("via"); only uses inside macro bodies are left to find here.
            own_file = path == wrapper.file and not (wrapper.is_macro or wrapper.text_only)
            text = self._text(path)
            if text is None:
                continue
            if path != wrapper.file and any(span.name == wrapper.name
                                            for span in self.sources.spans(path)):
                continue  # the file defines its own function of that name
            found = ctext.find_calls(text, wrapper.name, self.sources.masked(path),
                                     self.sources.spans(path), self.sources.starts(path),
                                     in_macros=True)
            for call in found:
                if own_file and call.function is not None:
                    continue
                macro = None if call.function else self.sources.macro_at(path, call.line)
                if call.function is None and (macro is None or macro[0] == wrapper.name):
                    continue  # a declaration, or the wrapper macro's own definition
                params = call.function.params if call.function else macro[1]
                in_function = call.function.name if call.function else f"#define {macro[0]}"
                if wrapper.index < len(call.args):
                    arg = call.args[wrapper.index]
                    kind, _name = ctext.classify_argument(arg, params)
                else:
                    arg, kind = "", "other"
                calls.append(WrapperCall(
                    id=f"{path}:{call.line}:{call.col}", file=path, line=call.line,
                    col=call.col, end_col=call.end_col, wrapper=wrapper.name,
                    wrapper_file=wrapper.file, arg=arg, arg_kind=kind,
                    in_function=in_function, found_by="text"))
        return calls

    def _same_file_calls(self, wrapper: _Wrapper) -> List[WrapperCall]:
        calls = []
        result = self.results.get(wrapper.file)
        for fact in (result.facts if result and not wrapper.is_macro else []):
            if fact.get("kind") == "create" and fact.get("via") == wrapper.name:
                calls.append(WrapperCall(
                    id=f"{wrapper.file}:{fact['line']}:{fact['col']}", file=wrapper.file,
                    line=fact["line"], col=fact["col"], end_col=fact["end_col"],
                    wrapper=wrapper.name, wrapper_file=wrapper.file, arg=fact.get("arg", ""),
                    arg_kind=fact.get("arg_kind", "other"),
                    in_function=fact.get("in_function", ""), found_by="spatch"))
        return calls

    def _param_index_of(self, call: WrapperCall) -> Optional[int]:
        """For a caller passing its own parameter: that parameter's index in the caller."""
        if call.in_function.startswith("#define "):
            macro = self.sources.macro_at(call.file, call.line)
            name = ctext.classify_argument(call.arg, macro[1] if macro else [])[1]
            return macro[1].index(name) if macro and name in macro[1] else None
        for span in self.sources.spans(call.file):
            if span.name == call.in_function:
                _kind, name = ctext.classify_argument(call.arg, span.params)
                if name in span.params:
                    return span.params.index(name)
        return None

    def _follow_wrappers(self, first: List[_Wrapper]) -> Dict[Key, List[WrapperCall]]:
        """All calls of all wrappers, breadth first; nested wrappers are added on the way."""
        known: Set[Key] = {(w.file, w.name) for w in first}
        calls_of: Dict[Key, List[WrapperCall]] = {}
        level = first
        while level:
            callers = self._caller_files(level)
            following: List[_Wrapper] = []
            for wrapper in level:
                calls = self._same_file_calls(wrapper) + self._text_calls(
                    wrapper, callers.get(wrapper.name, []))
                calls_of[(wrapper.file, wrapper.name)] = calls
                for call in calls:
                    if call.arg_kind != "param":
                        continue
                    nested = self._param_index_of(call)
                    is_macro = call.in_function.startswith("#define ")
                    name = call.in_function[len("#define "):] if is_macro else call.in_function
                    key = (call.file, name)
                    if nested is None or wrapper.depth >= MAX_WRAPPER_DEPTH:
                        call.reason = "passes its own parameter on; nesting too deep to follow"
                    elif key not in known and name not in CREATORS:
                        known.add(key)
                        following.append(_Wrapper(call.file, name, nested, wrapper.depth + 1,
                                                  is_macro))
            level = following
        return calls_of

    # ----- main -------------------------------------------------------------------------
    def _sites(self) -> Tuple[List[CreationSite], List[_Wrapper], List[dict]]:
        sites: List[CreationSite] = []
        wrappers: Dict[Key, _Wrapper] = {}
        api_internal: List[dict] = []
        for path, fact in self._facts("create"):
            if fact.get("via"):
                continue
            macro = self.sources.macro_at(path, fact["line"])
            if fact.get("in_function") in CREATORS or (path in API_FILES and macro):
                api_internal.append(dict(fact, file=path))
                continue
            site = CreationSite(
                id=f"{path}:{fact['line']}:{fact['col']}", file=path, line=fact["line"],
                col=fact["col"], end_col=fact["end_col"], creator=fact.get("creator", ""),
                arg=fact.get("arg", ""), arg_kind=fact.get("arg_kind", "other"),
                in_function=fact.get("in_function", ""),
                thread_kind=fact.get("thread_kind", KTHREAD),
                subsystem=self.maintainers.subsystem(path), reason=fact.get("reason"))
            index = fact.get("param_index")
            is_macro = False
            if macro is not None:
                site.in_function = f"#define {macro[0]}"
                _kind, name = ctext.classify_argument(site.arg, macro[1])
                if name in macro[1]:
                    site.arg_kind, index, is_macro = "param", macro[1].index(name), True
            if site.arg_kind == "param":
                site.wrapper = macro[0] if is_macro else site.in_function
                key = (path, site.wrapper)
                if isinstance(index, int) and key not in wrappers:
                    wrappers[key] = _Wrapper(path, site.wrapper, index, 1, is_macro)
            sites.append(site)
        return sites, list(wrappers.values()), api_internal

    def _targets_of(self, path: str, line: int, arg: str) -> Tuple[List[str], Optional[str]]:
        """Function names an argument may mean, and a reason when it is a variable."""
        name = ctext.classify_argument(arg, [])[1]
        if self.lookup(name, path):
            return [name], None  # a function of that name exists: the common case
        local = self._local_variable_targets(path, line, name)
        if local is None:
            return [name], None
        if not local:
            return [], f"thread function is chosen at run time through local variable '{name}'"
        return local, None

    def run(self) -> Resolution:
        sites, wrappers, api_internal = self._sites()
        calls_of = self._follow_wrappers(wrappers)
        all_calls = [c for calls in calls_of.values() for c in calls]

        wanted: List[Tuple[str, str]] = []
        for site in sites:
            if site.arg_kind in ("function", "other"):
                wanted += [(n, site.file) for n in self._targets_of(site.file, site.line,
                                                                    site.arg)[0]]
        for call in all_calls:
            if call.arg_kind == "function":
                wanted += [(n, call.file) for n in self._targets_of(call.file, call.line,
                                                                    call.arg)[0]]
        missing = {(name, path) for name, path in wanted if not self.lookup(name, path)}
        second = self._second_phase(missing)

        tied: Dict[FnKey, ThreadFunction] = {}

        def tie_names(names: List[str], path: str) -> Tuple[List[ThreadFunction], str]:
            found, reasons = [], []
            for name in names:
                keys = self.lookup(name, path)
                if not keys:
                    reasons.append(self._why_not_found(name, path))
                found += [self._tie(tied, key) for key in keys]
            return found, "; ".join(reasons)

        for call in all_calls:
            if call.arg_kind == "function":
                names, why = self._targets_of(call.file, call.line, call.arg)
                found, reasons = tie_names(names, call.file)
                for tfn in found:
                    tfn.wrapper_calls.append(call.id)
                call.thread_functions = sorted({t.id for t in found})
                if not found:
                    call.reason = why or reasons
            elif call.arg_kind != "param" and call.reason is None:
                call.reason = _unresolvable(call.arg_kind, call.arg)

        def wrapper_targets(key: Key, seen: Set[Key]) -> List[str]:
            found: List[str] = []
            if key in seen:
                return found
            seen.add(key)
            for call in calls_of.get(key, []):
                if call.thread_functions:
                    found += call.thread_functions
                elif call.arg_kind == "param":
                    name = call.in_function.replace("#define ", "", 1)
                    found += wrapper_targets((call.file, name), seen)
            return found

        svc_sites: List[CreationSite] = []
        for site in sites:
            if site.arg_kind == "other" and self._local_variable_targets(
                    site.file, site.line, site.arg.strip()):
                site.arg_kind = "function"  # a local variable holding the function
            if site.arg_kind == "function":
                names, why = self._targets_of(site.file, site.line, site.arg)
                found, reasons = tie_names(names, site.file)
                site.thread_functions = sorted({t.id for t in found})
                if not found:
                    site.reason = why or reasons
            elif site.arg_kind == "param" and site.wrapper:
                site.thread_functions = sorted(set(wrapper_targets((site.file, site.wrapper),
                                                                   set())))
                if not site.thread_functions:
                    n_calls = len(calls_of.get((site.file, site.wrapper), []))
                    site.reason = (f"wrapper {site.wrapper}(): no caller found" if not n_calls
                                   else f"wrapper {site.wrapper}(): none of its {n_calls} "
                                        "caller(s) passes a resolvable thread function")
            elif site.file == SVC_DISPATCH[0] and SVC_DISPATCH[1] in site.arg:
                svc_sites.append(site)  # tied below, once all svc thread functions are known
            else:
                site.reason = site.reason or _unresolvable(site.arg_kind, site.arg)
            site.status = RESOLVED if site.thread_functions else UNRESOLVED
            for tid in site.thread_functions:
                tfn = tied[key_of(tid)]
                tfn.creation_sites.append(site.id)
                if site.thread_kind == SVC:
                    tfn.kind = SVC

        svc_functions = sorted(t.id for t in tied.values() if t.kind == SVC)
        for site in svc_sites:
            site.thread_functions = svc_functions
            site.status = RESOLVED if svc_functions else UNRESOLVED
            site.reason = None if svc_functions else "no svc thread function found"
            for tid in svc_functions:
                tied[key_of(tid)].creation_sites.append(site.id)

        functions = list(tied.values()) + self._untied_candidates(tied)
        functions += self._smpboot()
        for tfn in functions:
            if tfn.kind == SVC and tfn.verdict != "manual":
                tfn.verdict = "manual"
                tfn.reasons.append("svc thread: the sunrpc svc layer starts and stops it")
        functions.sort(key=lambda t: (t.file, t.line, t.name))
        return Resolution(functions, sites, sorted(all_calls, key=lambda c: c.id), second,
                          api_internal)

    def add_text_sites(self, resolution: Resolution,
                       hits: List[Tuple[str, int, str, str]]) -> List[CreationSite]:
        """Creation calls the detector did not see: (file, line, creator, why) from the grep.

        The call's arguments are read by text and the thread function looked up as usual,
        so these sites are accounted for too; they are marked found_by "text".
        """
        by_id = {t.id: t for t in resolution.thread_functions}
        added = []
        for path, line, creator, why in hits:
            text = self._text(path) or ""
            calls = [c for c in ctext.find_calls(text, creator, self.sources.masked(path),
                                                 self.sources.spans(path),
                                                 self.sources.starts(path))
                     if c.line == line]
            if not calls:
                continue
            call = calls[0]
            params = call.function.params if call.function else []
            arg = call.args[0] if call.args else ""
            kind, name = ctext.classify_argument(arg, params)
            site = CreationSite(
                id=f"{path}:{call.line}:{call.col}", file=path, line=call.line, col=call.col,
                end_col=call.end_col, creator=creator, arg=arg, arg_kind=kind,
                in_function=call.function.name if call.function else "",
                thread_kind=SVC if creator.startswith("svc_") else KTHREAD,
                subsystem=self.maintainers.subsystem(path), found_by="text")
            keys = self.lookup(name, path) if kind == "function" else []
            if kind == "param" and call.function is not None:
                site.wrapper = call.function.name
                targets = self._text_wrapper_targets(resolution, by_id, _Wrapper(
                    path, call.function.name, params.index(name), 1, text_only=True))
                site.thread_functions = targets
                site.status = RESOLVED if targets else UNRESOLVED
                for tid in targets:
                    by_id[tid].creation_sites.append(site.id)
                if not targets:
                    site.reason = (f"{why}; wrapper {site.wrapper}(): no caller passes a "
                                   "resolvable thread function")
            elif not keys:
                site.reason = (why + "; " +
                               (self._why_not_found(name, path) if kind == "function"
                                else _unresolvable(kind, arg)))
            else:
                for key in keys:
                    self._tie_late(resolution, by_id, key).creation_sites.append(site.id)
                site.thread_functions = [function_id(key) for key in keys]
                site.status = RESOLVED
            added.append(site)
        resolution.creation_sites.extend(added)
        resolution.creation_sites.sort(key=lambda s: (s.file, s.line, s.col))
        resolution.thread_functions.sort(key=lambda t: (t.file, t.line, t.name))
        return added

    def _text_wrapper_targets(self, resolution: Resolution, by_id: Dict[str, ThreadFunction],
                              wrapper: _Wrapper) -> List[str]:
        """Thread-function ids reached through a wrapper found in unparsed code."""
        targets: List[str] = []
        for calls in self._follow_wrappers([wrapper]).values():
            for call in calls:
                if call.arg_kind != "function":
                    call.reason = call.reason or _unresolvable(call.arg_kind, call.arg)
                else:
                    name = ctext.classify_argument(call.arg, [])[1]
                    keys = self.lookup(name, call.file)
                    if not keys:
                        call.reason = self._why_not_found(name, call.file)
                    for key in keys:
                        self._tie_late(resolution, by_id, key).wrapper_calls.append(call.id)
                    call.thread_functions = [function_id(key) for key in keys]
                    targets += call.thread_functions
                resolution.wrapper_calls.append(call)
        resolution.wrapper_calls.sort(key=lambda c: c.id)
        return sorted(set(targets))

    def _tie_late(self, resolution: Resolution, by_id: Dict[str, ThreadFunction],
                  key: FnKey) -> ThreadFunction:
        """The thread function of key, tied now (made, or no longer an untied candidate)."""
        tid = function_id(key)
        if tid not in by_id:
            by_id[tid] = self._make_function(key, True)
            resolution.thread_functions.append(by_id[tid])
        tfn = by_id[tid]
        if not tfn.tied:
            tfn.tied = True
            tfn.reasons = [r for r in tfn.reasons if not r.startswith(UNTIED_REASON)]
        return tfn

    def _make_function(self, key: FnKey, tied: bool) -> ThreadFunction:
        path, name, _line = key
        fact = self.threadfns[key]
        return ThreadFunction(
            id=function_id(key), name=name, file=path, line=fact.get("line", 0),
            col=fact.get("col", 0), end_col=fact.get("end_col", 0),
            end_line=self.sources.function_end_line(path, fact.get("line", 1)),
            kind=KTHREAD, static=bool(fact.get("static")),
            verdict=fact.get("verdict", "manual"), reasons=list(fact.get("reasons", [])),
            loop=fact.get("loop", ""), loop_line=fact.get("loop_line"),
            stop_predicate=fact.get("stop_predicate"), freezer=list(fact.get("freezer", [])),
            parking=list(fact.get("parking", [])), signals=list(fact.get("signals", [])),
            sleep=list(fact.get("sleep", [])), exit=list(fact.get("exit", [])),
            persistent_locals=list(fact.get("persistent_locals", [])),
            subsystem=self.maintainers.subsystem(path), tied=tied,
            helpers_elsewhere=list(fact.get("helpers_elsewhere", [])))

    def _tie(self, tied: Dict[FnKey, ThreadFunction], key: FnKey) -> ThreadFunction:
        if key not in tied:
            tied[key] = self._make_function(key, True)
        return tied[key]

    def _untied_candidates(self, tied: Dict[FnKey, ThreadFunction]) -> List[ThreadFunction]:
        """Functions that look like thread functions but that no creation site reaches."""
        out = []
        for key, fact in sorted(self.threadfns.items()):
            if key in tied:
                continue
            if fact.get("stop_predicate") or fact.get("used_in_file") or fact.get("parking"):
                tfn = self._make_function(key, False)
                tfn.reasons.append(UNTIED_REASON + " (created through a pointer, a macro "
                                   "or an API this scan does not follow)")
                out.append(tfn)
        return out

    def _smpboot(self) -> List[ThreadFunction]:
        """smp_hotplug_thread users: per-CPU threads whose loop the smpboot core owns."""
        out = []
        for path, fact in self._facts("smpboot"):
            name = fact.get("thread_fn") or "?"
            out.append(ThreadFunction(
                id=function_id((path, name, fact.get("line", 0))), name=name, file=path,
                line=fact.get("line", 0),
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
