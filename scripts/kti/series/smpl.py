# SPDX-License-Identifier: GPL-2.0
"""The semantic patch as it goes into a changelog: the rules one spatch mode runs.

A kthread-iterant .cocci carries report, org and context rules beside the patch rules;
the changelog shows the rules the command's -D virtuals enable (rules without `depends on`
always, `depends on NAME` / `!NAME` / `&&` / `||` evaluated; a rule named by a kept rule
counts as enabled), comments wrapped to the 75 columns of a changelog.  Anything in a
dependency this code cannot evaluate keeps the rule: shown too much rather than too little.
"""
import re
import shlex
import textwrap
from typing import List, Sequence, Set

WIDTH = 75
_HEADER = re.compile(r"^@\s*(?P<kind>(?:script|initialize|finalize):\w+)?\s*"
                     r"(?:(?P<name>(?!depends\b)\w+)\s*)?(?:depends\s+on\s+(?P<dep>.*?))?\s*@\s*$")
#: Options whose value belongs on the same line of a wrapped command.
_WITH_VALUE = ("-D", "--sp-file", "--timeout", "--max-width", "--macro-file", "--iso-file",
               "-o")
_DEPENDENCY = re.compile(r"^[\w\s!&|()]*$")


def virtuals_of(command: str) -> Set[str]:
    """The -D names of a spatch command line (`-D patch`, `-D tfn=x` gives tfn)."""
    words = shlex.split(command)
    return {words[i + 1].split("=", 1)[0] for i, w in enumerate(words[:-1]) if w == "-D"}


def _enabled(dep: str, defined: Set[str]) -> bool:
    if not _DEPENDENCY.match(dep):
        return True
    expr = re.sub(r"\b(\w+)\b", lambda m: str(m.group(1) in defined), dep)
    expr = expr.replace("&&", " and ").replace("||", " or ").replace("!", " not ")
    try:
        return bool(eval(expr, {"__builtins__": {}}, {}))  # noqa: S307 (only True/False/ops)
    except SyntaxError:
        return True


def _chunks(lines: List[str]) -> List[List[str]]:
    """Preamble, then one chunk per rule (header, metavariables, @@, body)."""
    chunks: List[List[str]] = [[]]
    in_metavars = False
    for line in lines:
        if in_metavars:
            chunks[-1].append(line)
            in_metavars = line.strip() != "@@"
        elif line.startswith("@") and (_HEADER.match(line) or line.strip() == "@@"):
            chunks.append([line])
            in_metavars = True
        else:
            chunks[-1].append(line)
    return chunks


def rules_for(text: str, defined: Set[str]) -> List[str]:
    """The lines of text's preamble and of the rules enabled by defined."""
    chunks = _chunks(text.splitlines())
    out = list(chunks[0])
    enabled = set(defined)
    for chunk in chunks[1:]:
        match = _HEADER.match(chunk[0])
        if match and match.group("dep") and not _enabled(match.group("dep"), enabled):
            continue
        if match and match.group("name"):
            enabled.add(match.group("name"))
        out += chunk
    return out


def wrap_comments(lines: Sequence[str], width: int = WIDTH) -> List[str]:
    """Comment lines longer than width wrapped, each piece under the same // lead."""
    out: List[str] = []
    for line in lines:
        lead = re.match(r"^\s*//+\s*", line)
        if len(line) <= width or not lead:
            out.append(line.rstrip())
            continue
        body_indent = re.match(r"\s*", line[lead.end():]).group(0)
        out += textwrap.wrap(line[lead.end():], width, initial_indent=lead.group(0),
                             subsequent_indent=lead.group(0) + body_indent + "  ",
                             break_on_hyphens=False, break_long_words=False)
    return out


def command_lines(command: str, width: int = WIDTH) -> List[str]:
    """`$ spatch ...` wrapped with shell continuations, words quoted as the shell needs."""
    words: List[str] = []
    for word in (shlex.quote(w) for w in shlex.split(command)):
        if words and words[-1] in _WITH_VALUE:
            words[-1] += " " + word
        else:
            words.append(word)
    lines, line = [], "$"
    for word in words:
        if len(line) + 1 + len(word) + 2 > width and line.strip() not in ("$", ""):
            lines.append(line + " \\")
            line = "   "
        line += " " + word
    lines.append(line)
    return lines
