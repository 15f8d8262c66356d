# SPDX-License-Identifier: GPL-2.0
"""Check the detector's creation sites against an independent grep of the tree.

The grep is deliberately dumb: every `CREATOR(` in a tracked .c or .h file, found by git grep and
a regex, with no knowledge of C.  Each hit either matches a creation site the detector
reported on the same line, or is explained: a comment, a string, a macro definition, code
under `#if 0`, a declaration or the creators' own definitions, a file spatch failed on, or
code spatch could not parse (checked with `spatch --parse-c` on that file only).  Detector
sites the grep did not see are explained too (a call split across lines).  Nothing is left
as a silent difference: an unexplained one says "unexplained".
"""
import hashlib
import json
import re
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

from . import ctext, gitgrep
from .model import CreationSite, GrepDifference
from .creators import API_FILES, GREP_WORDS, NAMES as CREATORS
from .prefilter import SCANNED_FILES
from .sources import Sources, write_json
from .spatch import FileResult, Spatch

CALL_RE = re.compile(r"\b(%s)\s*\(" % "|".join(sorted(CREATORS, key=len, reverse=True)))


UNPARSED = "spatch could not parse the code around it"
MISSED = "unexplained: the detector did not report this call"
FAILED = "spatch failed on this file"


@dataclass
class CrossCheck:
    """Counts and the explained differences."""
    grep_hits: int = 0
    api_definitions: int = 0
    matched: int = 0
    differences: List[GrepDifference] = field(default_factory=list)

    def explained_counts(self) -> Dict[str, int]:
        return dict(Counter(_category(d.explanation) for d in self.differences))


def _category(explanation: str) -> str:
    return explanation.split(":")[0]


class _FileInfo:
    """Per-file views needed to explain a grep hit, computed only for unmatched hits."""

    def __init__(self, sources: Sources, path: str):
        text = sources.text(path) or ""
        self.lines = sources.lines(path)
        self.masked_all = ctext.split_lines(sources.masked(path))
        self.masked_comments = ctext.split_lines(ctext.mask(text, strings=False))
        self.dead = ctext.disabled_lines(text)
        self.macros = ctext.macro_lines(text)
        self._sources = sources
        self._path = path

    def defined_functions(self) -> Set[str]:
        return {span.name for span in self._sources.spans(self._path)}

    def function_at(self, line: int, col: int = 0) -> Optional[str]:
        span = self._sources.function_at(self._path, line, col)
        return span.name if span else None


def _parse_failures(spatch: Optional[Spatch], options: List[str], tree: Path,
                    path: str, sources: Optional[Sources] = None) -> Set[str]:
    """Stripped source lines spatch --parse-c drops ("bad:" region, "BAD:!!!!!" error line).

    Run with the detector's own options (e.g. --no-includes), so the parse is the same one
    the detector saw.
    """
    if spatch is None:
        return set()
    text = (sources.text(path) or "") if sources else ""
    memo = None
    if sources is not None and sources.cache_dir is not None:
        key = hashlib.sha256("\0".join([text, spatch.version_text, *options]).encode(
            "utf-8", "surrogateescape")).hexdigest()
        memo = sources.cache_dir.parent / "parse-c" / key[:2] / f"{key}.json"
        try:
            return set(json.loads(memo.read_text()))
        except (OSError, ValueError, TypeError):
            pass
    try:
        res = subprocess.run([spatch.path, "--parse-c", *options, path], cwd=str(tree),
                             capture_output=True, text=True, errors="replace", timeout=300,
                             check=False)
    except (OSError, subprocess.TimeoutExpired):
        return set()
    bad = set()
    for line in (res.stdout + res.stderr).splitlines():
        for marker in ("BAD:!!!!! ", "bad: "):
            if line.startswith(marker) and line[len(marker):].strip():
                bad.add(line[len(marker):].strip())
    if memo is not None:
        write_json(memo, sorted(bad))
    return bad


def grep_sites(tree: Path, grepped: Optional[List[Tuple[str, int, str]]] = None
               ) -> List[Tuple[str, int, int, str, str]]:
    """(file, line, col, creator, line text) for every CREATOR( in a tracked .c/.h file.

    `grepped` may hand over lines already found by a git grep for a superset of words.
    """
    if grepped is None:
        grepped = gitgrep.lines_with_any(tree, GREP_WORDS, SCANNED_FILES)
    hits = []
    for path, line, text in grepped:
        for match in CALL_RE.finditer(text):
            hits.append((path, line, match.start(), match.group(1), text))
    return hits


def cross_check(tree: Path, sites: List[CreationSite], api_internal: List[dict],
                results: Dict[str, FileResult], spatch: Optional[Spatch],
                sources: Optional[Sources] = None,
                spatch_options: Optional[List[str]] = None,
                grepped: Optional[List[Tuple[str, int, str]]] = None) -> CrossCheck:
    """Compare grep hits with detector sites (plus the creators' internal calls)."""
    sources = sources or Sources(tree)
    check = CrossCheck()
    detector: Dict[Tuple[str, int], List[str]] = {}
    for site in sites:
        detector.setdefault((site.file, site.line), []).append(site.creator)
    internal = {(f["file"], f["line"]) for f in api_internal}
    infos: Dict[str, Optional[_FileInfo]] = {}
    parse_bad: Dict[str, Set[str]] = {}
    seen: Counter = Counter()

    def info(path: str) -> Optional[_FileInfo]:
        if path not in infos:
            infos[path] = _FileInfo(sources, path) if sources.text(path) is not None else None
        return infos[path]

    for path, line, col, creator, text in grep_sites(tree, grepped):
        check.grep_hits += 1
        key = (path, line)
        if seen[key] < len(detector.get(key, [])):
            seen[key] += 1
            check.matched += 1
            continue
        fi = info(path)
        if path in API_FILES and fi is not None:
            func = fi.function_at(line, col)
            # Outside any function body is a declaration, definition or macro of the API.
            if key in internal or func is None or func in CREATORS or line in fi.macros:
                check.api_definitions += 1
                continue
        explanation = _explain_grep_only(tree, path, line, col, creator, text, fi, results,
                                         spatch, spatch_options or [], parse_bad, sources)
        check.differences.append(GrepDifference(path, line, text.strip(), "grep", explanation))

    for (path, line), creators in sorted(detector.items()):
        for _ in range(len(creators) - seen[(path, line)]):
            lines = sources.lines(path)
            text = lines[line - 1] if line <= len(lines) else ""
            if not CALL_RE.search(text):
                why = ("call split across lines: the creator name and '(' are not on the "
                       "same line, so the line-based grep misses it")
            else:
                why = "unexplained: the detector reports a call the grep does not match"
            check.differences.append(GrepDifference(path, line, text.strip(), "spatch", why))
    return check


def _explain_grep_only(tree: Path, path: str, line: int, col: int, creator: str, text: str,
                       fi: Optional[_FileInfo], results: Dict[str, FileResult],
                       spatch: Optional[Spatch], options: List[str],
                       parse_bad: Dict[str, Set[str]], sources: Optional[Sources] = None
                       ) -> str:
    result = results.get(path)
    if result is not None and result.failed:
        return f"{FAILED}: {result.status} ({result.message}); read by text"
    if fi is None:
        return "file unreadable: the grep saw it, the detector could not"
    masked_line = fi.masked_all[line - 1] if line <= len(fi.masked_all) else ""
    comment_line = fi.masked_comments[line - 1] if line <= len(fi.masked_comments) else ""
    if not re.search(r"\b%s\s*\(" % creator, comment_line[col:]):
        return "in a comment"
    if not re.search(r"\b%s\s*\(" % creator, masked_line[col:]):
        return "in a string literal"
    if line in fi.dead:
        return "in #if 0 code: never compiled"
    if line in fi.macros:
        return "inside a macro definition: the call happens where the macro is expanded"
    if fi.function_at(line, col) is None:
        return "declaration or definition, not a call"
    if creator in fi.defined_functions():
        return (f"calls this file's own function named {creator}(), not the creator "
                "(a name clash)")
    if result is None:
        return "unexplained: file not scanned by the detector"
    if path not in parse_bad:
        parse_bad[path] = _parse_failures(spatch, options, tree, path, sources)
    if text.strip() in parse_bad[path]:
        return (UNPARSED + " (spatch --parse-c drops these lines), so the detector never "
                "saw the call; resolved by text")
    return MISSED + "; resolved by text"
