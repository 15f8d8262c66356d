# SPDX-License-Identifier: GPL-2.0
"""Tidying of the emitted callbacks as checkpatch --strict asks, on the lines the conversion
wrote or moved only (a line found verbatim in the legacy function is left as it is), never
changing the program.

checkpatch.pl's own --fix for FIXES (continuation lines re-aligned to their open parenthesis,
indentation, spacing, blank lines, operators of logical continuations), run on the new text
only, never on the rest of a file; then fixes checkpatch has no --fix for: a line ending
with '(' or '[' is joined with the next (OPEN_ENDED_LINE), a block comment's trailing '*/'
goes on a line of its own (BLOCK_COMMENT_STYLE), a literal split across lines is joined
(SPLIT_STRING), idle parentheses go (UNNECESSARY_PARENTHESES), an allocation's
sizeof(struct T) names its pointer (ALLOC_SIZEOF_STRUCT) and the braces of an if/else chain
go on all arms or none (BRACES, bracing.py).  Tokens change only as canon.py proves the same
(type spellings, joined literals, idle parentheses, sizeof, braces around arms holding one
simple statement), also on legacy lines for type spellings and comment text
(REPEATED_WORD); the round trip compares the canonical forms.  A fix changing the
canonical tokens is dropped."""
import difflib
import re
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Set

from .. import ctext
from . import bracing, canon, ctree, stringify

ELSE_JOINED = "ELSE_AFTER_BRACE"
ALIGNED = "PARENTHESIS_ALIGNMENT"
FIXES = (ALIGNED, "CODE_INDENT", "SPACE_BEFORE_TAB", "TABSTOP",
         "POINTER_LOCATION", "SPACING", "LOGICAL_CONTINUATIONS", "LINE_SPACING", "BRACES",
         "UNSPECIFIED_INT", "PREFER_KERNEL_TYPES", "REPEATED_WORD", "TYPO_SPELLING",
         ELSE_JOINED)
OPEN_ENDED = "OPEN_ENDED_LINE"
COMMENT_END = "BLOCK_COMMENT_STYLE"
SPLIT = "SPLIT_STRING"
PARENS = "UNNECESSARY_PARENTHESES"
SIZEOF = "ALLOC_SIZEOF_STRUCT"
CHECKPATCH = Path("scripts") / "checkpatch.pl"
# The project's kernel tree (make tree): its checkpatch serves trees without one (fixtures).
DEFAULT_TREE = Path(__file__).resolve().parents[3] / "build" / "linux-6.12"
MAX_WIDTH = 100
#: Lines of nothing but braces and else.
BARE = ("{", "}", "} else {", "} else", "else {", "else")
#: checkpatch fixes these once per line and run (a second cast on the line needs a rerun),
#: or against the line before as it was (a continuation of a re-aligned line needs a rerun).
ONCE_PER_LINE = ("No space is necessary after a cast", "Alignment should match open parenthesis")
MAX_RUNS = 3
_REPORT = re.compile(r"^[^:]*:(?P<line>\d+): (?:ERROR|WARNING|CHECK):(?P<type>\w+): "
                     r"(?P<message>.*)$")
_TRAILING_END = re.compile(r"^(?P<ind>[ \t]*)\*(?P<text>.*\S)[ \t]*\*/[ \t]*$")
# checkpatch's SPLIT_STRING leaves a literal ending so alone (multi-line text, asm).
_SPLIT_OK = re.compile(r'(?:\\(?:[ntr]|[0-7]{1,3}|x[0-9a-fA-F]{1,2})|;\s*|\{\s*)"$')
# checkpatch's long line exception: a line holding only a string, maybe ',' or ');'.
_STRING_LINE = re.compile(r'^\s*"(?:[^"\\]|\\.)*"\s*(?:,|\)\s*;)?\s*$')


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
    """Indexes of the lines the conversion wrote or moved: not found in the legacy text, or
    found there fewer times than here (a recomputed local in each callback, a moved line
    that reads like another one of the legacy text).  A line of bare braces right after a
    written one is written too: found in the legacy text by chance (`\t}` closed the loop
    there), it closes what was moved."""
    old = Counter(legacy.split("\n"))
    more = {line for line, n in Counter(lines).items() if n > old[line]}
    mine: Set[int] = set()
    depth = 0                   # open brackets before the line: a continuation of a
    for i, line in enumerate(lines):    # written line is written too (ctx->x shifted it)
        moved = line.strip() and line in more and (line not in old or line.strip() not in BARE)
        closing = i - 1 in mine and (depth > 0 or not line.strip() or line.strip() in BARE)
        if moved or closing:
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


def _split_at(toks: List[ctree.Token], texts: List[str], k: int, text: str,
              lines: List[str], mine: Set[int]) -> bool:
    """Whether literal toks[k] ends a written line and a literal starting the next written
    line follows it (only blanks between): a string split as checkpatch reports it."""
    if k + 1 >= len(toks) or not canon.plain_literal(texts, k):
        return False
    a, b = toks[k], toks[k + 1]
    return (b.text.startswith('"') and b.line == a.line + 1 and a.line - 1 in mine
            and b.line - 1 in mine and not text[a.end:b.start].strip()
            and not lines[a.line - 1][a.col + len(a.text):].strip()
            and not lines[b.line - 1][:b.col].strip() and not _SPLIT_OK.search(a.text))


def _join_split_strings(lines: List[str], mine: Set[int],
                        sources: Optional[stringify.Sources]) -> List[str]:
    """Adjacent literals split across written lines written as one literal (SPLIT_STRING,
    MISSING_SPACE): the same string (canon.joinable), outside any call that could
    stringify its arguments; kept only when the line fits in 100 columns or holds the
    string alone (checkpatch's long line exception)."""
    text = "\n".join(lines)
    toks = ctree.tokenize(text)
    texts = [t.text for t in toks]
    out: List[Optional[str]] = list(lines)
    k = 0
    while k < len(toks):
        end, acc = k, toks[k].text
        while _split_at(toks, texts, end, text, lines, mine) and canon.joinable(
                acc, toks[end + 1].text):
            acc = canon.joined([acc, toks[end + 1].text])
            end += 1
        if end == k:
            k += 1
            continue
        first, last = toks[k], toks[end]
        line = (lines[first.line - 1][:first.col] + acc
                + lines[last.line - 1][last.col + len(last.text):])
        safe = out[first.line - 1] is not None and sources is not None and all(
            sources.not_stringified(name) for name in stringify.enclosing_calls(texts, k))
        if safe and (width(line) <= MAX_WIDTH or _STRING_LINE.match(line)):
            out[first.line - 1] = line
            for n in range(first.line, last.line):
                out[n] = None
        k = end + 1
    return [line for line in out if line is not None]


def _drop_parens(lines: List[str], mine: Set[int], safe: canon.Safe,
                 sources: Optional[stringify.Sources]) -> List[str]:
    """Idle parentheses (canon.parens) on written lines dropped, outside any call that
    could stringify its arguments (UNNECESSARY_PARENTHESES)."""
    if sources is None:
        return lines
    text = "\n".join(lines)
    toks = ctree.tokenize(text)
    texts = [t.text for t in toks]
    drop = [i for pair in canon.parens(texts, safe)
            if {toks[k].line - 1 for k in pair} <= mine and all(
                sources.not_stringified(name) for name in
                stringify.enclosing_calls(texts, pair[0]))
            for i in pair]
    out, last = [], 0
    for i in sorted(drop):
        out.append(text[last:toks[i].start])
        last = toks[i].end
    return ("".join(out) + text[last:]).split("\n")


_ALLOC = re.compile(r"^(?:kv|k|v)[mz]alloc(?:_node)?$")


def _sizeof_pointee(lines: List[str], mine: Set[int], pointees: canon.Pointees
                    ) -> List[str]:
    """`p = kzalloc(sizeof(struct T), ...)` on a written line as `sizeof(*p)` when p is
    declared `struct T *p` (ALLOC_SIZEOF_STRUCT; canon.sizeofs reads it back)."""
    if not pointees:
        return lines
    text = "\n".join(lines)
    toks = ctree.tokenize(text)
    texts = [t.text for t in toks]
    edits = []
    for k in range(4, len(toks) - 4):
        if not (texts[k] == "sizeof" and texts[k + 1] == "(" and texts[k + 2] == "struct"
                and texts[k + 4] == ")" and texts[k - 1] == "(" and _ALLOC.match(texts[k - 2])
                and texts[k - 3] == "=" and toks[k].line - 1 in mine):
            continue
        for size in (3, 1):
            first = k - 3 - size
            lhs = "".join(texts[first:k - 3])
            if first >= 0 and (first == 0 or texts[first - 1] not in ("->", ".")) and \
                    pointees.get(lhs) == texts[k + 3]:
                edits.append((toks[k + 2].start, toks[k + 3].end, "*" + lhs))
                break
    for start, end, new in reversed(edits):
        text = text[:start] + new + text[end:]
    return text.split("\n")


def _follow_open_parens(lines: List[str], mine: Set[int]) -> List[str]:
    """Written continuation lines of a parenthesis whose first continuation line is aligned
    to it, aligned there too: checkpatch re-aligns only the line right after the one
    holding the parenthesis, and a moved call it re-aligned would leave its later
    arguments (and the later lines of a condition) where they were.  The lines of a block
    inside the call ({ ... } of a statement expression) are left as written."""
    first: Dict[tuple, bool] = {}   # open parenthesis (line, col) -> first line aligned
    moves: Dict[int, int] = {}
    stack: List[tuple] = []
    seen_line = -1
    for tok in ctree.tokenize("\n".join(lines)):
        i = tok.line - 1
        if i != seen_line:
            seen_line = i
            if stack and stack[-1][0] < i and stack[-1][2] == "(" and \
                    tok.text not in (")", "]", "}"):
                opener = stack[-1][:2]
                column = width(lines[opener[0]][:opener[1]]) + 1
                lead = width(lines[i]) - width(lines[i].lstrip())
                if opener not in first:
                    first[opener] = lead == column
                elif first[opener] and lead != column and i in mine:
                    moves[i] = column
        if tok.text in ("(", "[", "{"):
            stack.append((i, tok.col, tok.text))
        elif tok.text in (")", "]", "}") and stack:
            stack.pop()
    out = list(lines)
    for i, column in moves.items():
        moved = _indent(column) + lines[i].lstrip()
        if width(moved) <= MAX_WIDTH:
            out[i] = moved
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


def _line_words(lines: List[str]) -> List[List[str]]:
    """Token texts of each line, read in the whole text (a comment's inner lines have
    none)."""
    words: List[List[str]] = [[] for _ in lines]
    for tok in ctree.tokenize("\n".join(lines)):
        words[tok.line - 1].append(tok.text)
    return words


def _groups(before: List[List[str]], after: List[List[str]]) -> List[tuple]:
    """The shortest runs of lines (start, end) of two equally long lists of line tokens
    with the same tokens (canonical form); the rest as one run."""
    runs, start, old, new = [], 0, [], []
    for i, (b, a) in enumerate(zip(before, after)):
        old += b
        new += a
        if canon.words(old) == canon.words(new):
            runs.append((start, i + 1))
            start, old, new = i + 1, [], []
    return runs + ([(start, len(before))] if start < len(before) else [])


def _placed(lines: List[str]) -> list:
    return [(t.text, t.line, t.col) for t in ctree.tokenize("\n".join(lines))]


def _take(before: List[str], start: int, end: int, new: List[str], mine: Set[int]) -> bool:
    """Whether a fix of before[start:end] into new is kept: on written lines when the
    tokens stay the same (canonical form; read in the whole text, where a comment's
    inner lines are no code); on any line of the callbacks when it only spells types
    canonically or only changes comment text (REPEATED_WORD, TYPO_SPELLING)."""
    old = before[start:end]
    if old == new:
        return False
    fixed = before[:start] + new + before[end:]
    if set(range(start, end)) <= mine and _tokens("\n".join(fixed)) == _tokens(
            "\n".join(before)):
        return True
    return [canon.types(line) for line in old] == new or _placed(fixed) == _placed(before)


def _keep_mine(before: List[str], after: List[str], mine: Set[int]) -> tuple:
    """after where it changed written lines only, before elsewhere; and the indexes of the
    lines of before that were changed (an insertion counts as a change of the next line)."""
    out: List[str] = []
    changed: Set[int] = set()
    ops = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    old_words, new_words = _line_words(before), _line_words(after)
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            out += before[i1:i2]
        elif tag == "replace" and i2 - i1 == j2 - j1:
            for g1, g2 in _groups(old_words[i1:i2], new_words[j1:j2]):
                lines = range(i1 + g1, i1 + g2)
                take = _take(before, i1 + g1, i1 + g2, after[j1 + g1:j1 + g2], mine)
                out += after[j1 + g1:j1 + g2] if take else before[i1 + g1:i1 + g2]
                changed |= set(lines) if take else set()
        elif (set(range(i1, i2)) or {i1}) <= mine:
            out += after[j1:j2]
            changed |= set(range(i1, i2)) or {i1}
        else:
            out += before[i1:i2]
    return out, changed


def tidy(tree: Path, text: str, legacy: str, sources: Optional[stringify.Sources] = None,
         safe: canon.Safe = None, pointees: canon.Pointees = None) -> Tidied:
    """text with its written lines tidied; text itself when checkpatch is not in the tree
    or a fix would change a token.  sources: the file's, to tell which calls may
    stringify their arguments (without, no literal is joined and no parenthesis
    dropped); safe: canon's test of names that are no macro; pointees: canon's
    pointers to structures."""
    lines = text.split("\n")
    mine = _written(lines, legacy)
    fixed: Set[str] = set()
    strings = _join_split_strings(lines, mine, sources)
    if strings != lines:
        fixed.add(SPLIT)
        lines = strings
        mine = _written(lines, legacy)
    bare = _drop_parens(lines, mine, safe, sources)
    if bare != lines:
        fixed.add(PARENS)
        lines = bare
        mine = _written(lines, legacy)
    sized = _sizeof_pointee(lines, mine, pointees)
    if sized != lines:
        fixed.add(SIZEOF)
        lines = sized
        mine = _written(lines, legacy)
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
    followed = _follow_open_parens(lines, _written(lines, legacy))
    if followed != lines:
        fixed.add(ALIGNED)
        lines = followed
    new = "\n".join(lines)
    if new == text or not _same(new, text, safe, pointees):
        return Tidied(text)
    return Tidied(new, sorted(fixed), sorted(braces))


def _same(new: str, old: str, safe: canon.Safe = None, pointees: canon.Pointees = None
          ) -> bool:
    """Whether two texts have the same tokens in canonical form."""
    return canon.unbraced(canon.words(_tokens(new), safe, pointees)) == \
        canon.unbraced(canon.words(_tokens(old), safe, pointees))

