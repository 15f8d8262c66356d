# SPDX-License-Identifier: GPL-2.0
"""Thread functions spatch could not parse: say so, instead of "no definition found".

When spatch cannot parse a function (an asm register variable, a macro it does not know),
it skips that code and the detector never describes the function, so a creation site
naming it looks unresolvable for no reason.  spatch's parse errors (FileResult.parse_errors)
tell what really happened: a parse error in a function `int NAME(void *...)` that the
detector did not describe, and that some creation site or wrapper call names, is a thread
function spatch could not parse.  Its file is listed among the failures, and the sites
naming it say so.
"""
import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Union

from . import ctext
from .maintainers import Maintainers
from .model import RESOLVED, CreationSite, Failure, WrapperCall
from .sources import Sources
from .spatch import FileResult

UNPARSED = "unparsed"  # Failure.status
#: How far before a body the `int NAME(void *...)` header may start.
_HEADER_REACH = 500


@dataclass(frozen=True)
class UnparsedFunction:
    file: str
    name: str
    line: int
    error_line: int

    @property
    def reason(self) -> str:
        return (f"'{self.name}' is defined at {self.file}:{self.line}, but spatch could not "
                f"parse it (parse error at line {self.error_line}), so the detector did not "
                "describe it")


def _function_with_error(sources: Sources, path: str,
                         error_line: int) -> Optional[ctext.FunctionSpan]:
    """The function whose header or body holds the error line."""
    masked = sources.masked(path)
    offset = ctext.offset_of(sources.starts(path), error_line)
    if offset < 0:
        return None
    for span in sources.spans(path):
        if span.body_close < offset:
            continue
        in_header = re.search(r"[;}]", masked[offset:span.body_open]) is None
        return span if offset > span.body_open or in_header else None
    return None


def _thread_function_line(sources: Sources, path: str,
                          span: ctext.FunctionSpan) -> Optional[int]:
    """The line naming span's function if it is shaped `int NAME(void *...)`, else None."""
    start = max(0, span.body_open - _HEADER_REACH)
    header = sources.masked(path)[start:span.body_open]
    match = re.search(r"\bint\b[^;{}]*?\b(%s)\s*\(\s*(?:const\s+)?void\s*\*[^()]*\)\s*$"
                      % re.escape(span.name), header)
    if match is None:
        return None
    return ctext.line_of(sources.starts(path), start + match.start(1))[0]


def find(results: Dict[str, FileResult], sources: Sources) -> Dict[str, List[UnparsedFunction]]:
    """Thread-function-shaped functions with a parse error the detector did not describe,
    by name."""
    found: Dict[str, List[UnparsedFunction]] = {}
    for path, result in sorted(results.items()):
        described = {f.get("name") for f in result.facts if f.get("kind") == "threadfn"}
        for error_line in sorted(set(result.parse_errors)):
            span = _function_with_error(sources, path, error_line)
            if span is None or span.name in described:
                continue
            line = _thread_function_line(sources, path, span)
            if line is not None and all(u.file != path for u in found.get(span.name, [])):
                found.setdefault(span.name, []).append(
                    UnparsedFunction(path, span.name, line, error_line))
    return found


def explain_unparsed(sites: List[CreationSite], calls: List[WrapperCall],
            results: Dict[str, FileResult], sources: Sources,
            maintainers: Maintainers) -> List[Failure]:
    """Give unresolved creation sites and wrapper calls naming an unparsed thread function
    their real reason; return one failure per file holding such a function."""
    unparsed = find(results, sources)
    open_records: List[Union[CreationSite, WrapperCall]] = [
        *(s for s in sites if s.status != RESOLVED), *(c for c in calls
                                                       if not c.thread_functions)]
    used: Dict[str, List[UnparsedFunction]] = {}
    for record in open_records:
        candidates = unparsed.get(record.arg, []) if record.arg_kind == "function" else []
        if not candidates:
            continue
        # The file's own definition first, as the compiler would pick it.
        chosen = next((u for u in candidates if u.file == record.file), candidates[0])
        record.reason = chosen.reason
        if chosen not in used.setdefault(chosen.file, []):
            used[chosen.file].append(chosen)
    return [Failure(path, UNPARSED,
                    "spatch could not parse this file: " + ", ".join(
                        f"{u.name}() at line {u.line} (parse error at line {u.error_line})"
                        for u in functions) + ", so the thread function was not checked",
                    maintainers.subsystem(path))
            for path, functions in sorted(used.items())]
