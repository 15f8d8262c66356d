# SPDX-License-Identifier: GPL-2.0
"""Whitespace-only tidying of the emitted callbacks, on the lines the conversion wrote or
moved only (a line found verbatim in the legacy function is left as it is).

checkpatch.pl's own --fix for FIXES (continuation lines re-aligned to their open parenthesis,
indentation, spacing, blank lines, operators of logical continuations), run on the new text
only, never on the rest of a file; then three fixes checkpatch has no --fix for: a line
ending with '(' or '[' is joined with the next (OPEN_ENDED_LINE), a block comment's trailing
'*/' goes on a line of its own (BLOCK_COMMENT_STYLE), and the braces of an if/else chain go
on all arms or none (BRACES, bracing.py).  Tokens are untouched but for the long form of a
bare `unsigned` (UNSPECIFIED_INT, the same type) and braces around arms holding one simple
statement (the same statement), which the round trip compares in canonical form
(canon.py): any other token change is refused and the text stays as emitted."""
import difflib
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Set

from .. import ctext
from . import bracing, canon, ctree

ELSE_JOINED = "ELSE_AFTER_BRACE"
FIXES = ("PARENTHESIS_ALIGNMENT", "CODE_INDENT", "SPACE_BEFORE_TAB", "TABSTOP",
         "POINTER_LOCATION", "SPACING", "LOGICAL_CONTINUATIONS", "LINE_SPACING", "BRACES",
         "UNSPECIFIED_INT", ELSE_JOINED)
OPEN_ENDED = "OPEN_ENDED_LINE"
COMMENT_END = "BLOCK_COMMENT_STYLE"
CHECKPATCH = Path("scripts") / "checkpatch.pl"
# The project's kernel tree (make tree): its checkpatch serves trees without one (fixtures).
DEFAULT_TREE = Path(__file__).resolve().parents[3] / "build" / "linux-6.12"
MAX_WIDTH = 100
#: Lines of nothing but braces and else.
BARE = ("{", "}", "} else {", "} else", "else {", "else")
#: checkpatch fixes these once per line and run (a second cast on the line needs a rerun).
ONCE_PER_LINE = ("No space is necessary after a cast",)
MAX_RUNS = 3
_REPORT = re.compile(r"^[^:]*:(?P<line>\d+): (?:ERROR|WARNING|CHECK):(?P<type>\w+): "
                     r"(?P<message>.*)$")
_TRAILING_END = re.compile(r"^(?P<ind>[ \t]*)\*(?P<text>.*\S)[ \t]*\*/[ \t]*$")


@dataclass
class Tidied:
    text: str
    fixed: List[str] = field(default_factory=list)    # checkpatch types fixed, sorted
    braces: List[str] = field(default_factory=list)   # bracing.ADDED, REMOVED: done


def width(line: str) -> int:
    return len(line.expandtabs(8))


def _tokens(text: str) -> List[str]:
    """Tokens in canonical form (UNSPECIFIED_INT's fix writes the same type)."""
    return canon.words([t.text for t in ctree.tokenize(text)])


def _written(lines: List[str], legacy: str) -> Set[int]:
    """Indexes of the lines the conversion wrote or moved: not found in the legacy text.
    A line of bare braces right after a written one is written too: found in the legacy
    text by chance (`\t}` closed the loop there), it closes what was moved."""
    old = set(legacy.split("\n"))
    mine: Set[int] = set()
    depth = 0                   # open brackets before the line: a continuation of a
    for i, line in enumerate(lines):    # written line is written too (ctx->x shifted it)
        if line.strip() and line not in old or i - 1 in mine and (
                depth > 0 or not line.strip() or line.strip() in BARE):
            mine.add(i)
        depth = max(depth + _depth(line), 0)
    return mine


def _indent(column: int) -> str:
    return "\t" * (column // 8) + " " * (column % 8)


def _depth(line: str) -> int:
    words = _tokens(line)
    return words.count("(") + words.count("[") - words.count(")") - words.count("]")


def _arguments(rest: str) -> Optional[List[str]]:
    """The arguments of a call whose '(' ends the line before rest: each with its comma,
    the last with what follows the closing ')'; None when rest does not close the call."""
    text = "(" + rest
    close = ctext.matching_close(ctext.mask(text), 0)
    if close < 0:
        return None
    spans = ctext.split_args(ctext.mask(text), 0, close)
    args = [text[start:end + 1].strip() for start, end in spans[:-1]]
    return args + [text[spans[-1][0]:].strip()] if spans else None


def _packed(line: str, rest: str) -> Optional[List[str]]:
    """line (ending with '(') joined with rest, the call's arguments filled into lines of
    at most MAX_WIDTH columns aligned to the first one; None when they do not fit."""
    args = _arguments(rest) if line.rstrip().endswith("(") else None
    if not args:
        return None
    column = width(line.rstrip())
    out = [line.rstrip() + args[0]]
    for arg in args[1:]:
        if width(out[-1] + " " + arg) <= MAX_WIDTH:
            out[-1] += " " + arg
        else:
            out.append(_indent(column) + arg)
    return out if all(width(o) <= MAX_WIDTH for o in out) else None


def _join_open_ended(lines: List[str], mine: Set[int]) -> List[str]:
    """A written line ending with '(' or '[' joined with the next written line; the lines
    after it up to the closing bracket re-aligned to the first argument.  When the joined
    line is too long and the next line closes the call, its arguments are filled into
    lines aligned to the first one."""
    out: List[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        joined: Optional[List[str]] = None
        if i in mine and i + 1 in mine and line.rstrip().endswith(("(", "[")) and nxt \
                and not nxt.startswith(("#", "/*", "//")):
            joined = [line.rstrip() + nxt] if width(line.rstrip() + nxt) <= MAX_WIDTH \
                else _packed(line, nxt)
        if joined is None:
            out.append(line)
            i += 1
            continue
        column = width(line.rstrip())
        out += joined
        depth = _depth(line) + _depth(nxt)
        i += 2
        while depth > 0 and i < len(lines) and i in mine:
            moved = _indent(column) + lines[i].strip()
            if width(moved) > MAX_WIDTH:
                return lines                     # no room: nothing joined
            out.append(moved)
            depth += _depth(lines[i])
            i += 1
    return out


def _split_comment_end(lines: List[str], mine: Set[int]) -> List[str]:
    out: List[str] = []
    for i, line in enumerate(lines):
        match = _TRAILING_END.match(line)
        if i in mine and match and "/*" not in line and not line.rstrip().endswith("**/"):
            out += [match.group("ind") + "*" + match.group("text").rstrip(),
                    match.group("ind") + "*/"]
        else:
            out.append(line)
    return out


def _checkpatch(tree: Path) -> Optional[Path]:
    return next((c for c in (tree / CHECKPATCH, DEFAULT_TREE / CHECKPATCH) if c.exists()),
                None)


def _fix_once(checkpatch: Path, text: str) -> Optional[tuple]:
    """(fixed text, [(line, type, message)] reported) from checkpatch --fix-inplace for
    FIXES."""
    with tempfile.TemporaryDirectory(prefix="kti-tidy-") as tmp:
        path = Path(tmp) / "callbacks.c"
        path.write_text(text + "\n", encoding="latin-1")
        try:
            proc = subprocess.run(["perl", str(checkpatch), "--strict", "--no-tree",
                                   "--terse", "--show-types", "--no-summary",
                                   "--fix-inplace", "--types", ",".join(FIXES),
                                   "-f", str(path)],
                                  capture_output=True, text=True, errors="replace",
                                  timeout=300, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        reported = [(int(m.group("line")) - 1, m.group("type"), m.group("message"))
                    for m in map(_REPORT.match, proc.stdout.splitlines()) if m]
        return path.read_text(encoding="latin-1")[:-1], reported


def _fix(checkpatch: Path, text: str) -> Optional[tuple]:
    """_fix_once, again while a fix that mends one place per line was made and the lines
    stayed where they were (so that the lines reported still name the input's)."""
    result = _fix_once(checkpatch, text)
    for _ in range(MAX_RUNS - 1):
        if result is None or not any(m in ONCE_PER_LINE for _, _, m in result[1]) or \
                result[0].count("\n") != text.count("\n"):
            break
        again = _fix_once(checkpatch, result[0])
        if again is None or again[0] == result[0]:
            break
        result = (again[0], sorted(set(result[1]) | set(again[1])))
    return result


def _groups(before: List[str], after: List[str]) -> List[tuple]:
    """The shortest runs of lines (start, end) of two equally long lists with the same
    tokens; the rest as one run."""
    runs, start, old, new = [], 0, [], []
    for i, (b, a) in enumerate(zip(before, after)):
        old += _tokens(b)
        new += _tokens(a)
        if old == new:
            runs.append((start, i + 1))
            start, old, new = i + 1, [], []
    return runs + ([(start, len(before))] if start < len(before) else [])


def _long_form_only(before: List[str], after: List[str]) -> bool:
    """Whether after only spells out a bare `unsigned` of before (taken on any line of the
    callbacks: the patch adds them all but the unchanged context)."""
    return before != after and [canon.text(line) for line in before] == after


def _keep_mine(before: List[str], after: List[str], mine: Set[int]) -> tuple:
    """after where it changed written lines only, before elsewhere; and the indexes of the
    lines of before that were changed (an insertion counts as a change of the next line)."""
    out: List[str] = []
    changed: Set[int] = set()
    ops = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            out += before[i1:i2]
        elif tag == "replace" and i2 - i1 == j2 - j1:
            for g1, g2 in _groups(before[i1:i2], after[j1:j2]):
                lines = range(i1 + g1, i1 + g2)
                take = set(lines) <= mine or _long_form_only(before[i1 + g1:i1 + g2],
                                                              after[j1 + g1:j1 + g2])
                out += after[j1 + g1:j1 + g2] if take else before[i1 + g1:i1 + g2]
                changed |= set(lines) if take else set()
        elif (set(range(i1, i2)) or {i1}) <= mine:
            out += after[j1:j2]
            changed |= set(range(i1, i2)) or {i1}
        else:
            out += before[i1:i2]
    return out, changed


def tidy(tree: Path, text: str, legacy: str) -> Tidied:
    """text with its written lines tidied; text itself when checkpatch is not in the tree
    or a fix would change a token."""
    lines = text.split("\n")
    mine = _written(lines, legacy)
    fixed: Set[str] = set()
    joined = _join_open_ended(lines, mine)
    if joined != lines:
        fixed.add(OPEN_ENDED)
    split = _split_comment_end(joined, _written(joined, legacy))
    if split != joined:
        fixed.add(COMMENT_END)
    lines = split
    checkpatch = _checkpatch(tree)
    braces: Set[str] = set()
    for _ in range(2 if checkpatch is not None else 0):
        result = _fix(checkpatch, "\n".join(lines))
        if result is None:
            break
        reports = [bracing.Report(line, message) for line, typ, message in result[1]
                   if typ == "BRACES"]
        braced, done = bracing.fix(lines, _written(lines, legacy), reports)
        if done and _same("\n".join(braced), "\n".join(lines)):
            lines = braced
            braces |= set(done)
            result = _fix(checkpatch, "\n".join(lines))
            if result is None:
                break
        after, changed = _keep_mine(lines, result[0].split("\n"), _written(lines, legacy))
        types = {typ for line, typ, _ in result[1] if line in changed}
        fixed |= types
        lines = after
        if ELSE_JOINED not in types:
            break               # else a brace check may see the joined `} else` lines
    new = "\n".join(lines)
    if new == text or not _same(new, text):
        return Tidied(text)
    return Tidied(new, sorted(fixed), sorted(braces))


def _same(new: str, old: str) -> bool:
    """Whether two texts have the same tokens in canonical form."""
    return canon.unbraced(_tokens(new)) == canon.unbraced(_tokens(old))

