# SPDX-License-Identifier: GPL-2.0
"""Stop checks a callback may keep: those the legacy function had besides its main loop.

A stop construct is a loop that tests a stop predicate (as the detector sees it) or a call
of a stop-loop helper.  The conversion leaves the legacy code around the main loop as it
was: a stop construct nested in the main loop moves into func (and into init or destroy
when the first iteration or the code before a stop check is copied there), one before or
after the main loop moves into init or destroy.  Such a construct keeps its meaning: the
core tests kthread_should_stop() between iterations, as the main loop did.  A callback's
stop construct passes when the legacy function had one with the same tokens (ctx->x read
back as x, each jump out of the main loop and the engine's rewrite of it read as one
EXIT word) in the part its role comes from; anything else is a legacy loop left behind.
"""
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from ..convert.roundtrip import rename_back
from ..ctext import lex, match_bracket
from ..ctext.tokens import ID
from ..detect.body import ThreadBody
from ..detect.classify import Helpers, classify, stop_loops

#: The parts of the legacy function each callback's code comes from.
PARTS = {"init": ("before", "inside"), "func": ("inside",), "destroy": ("inside", "after")}
EXIT = "<exit>"


@dataclass(frozen=True)
class Construct:
    start: int            # token indices, inclusive
    end: int
    line: int
    words: tuple
    lines: tuple          # the line of each word


def constructs(fn: ThreadBody, helpers: Helpers) -> List[Construct]:
    """Every stop-checked loop and every call of a stop-loop helper of fn."""
    fn.helpers = helpers.predicates
    toks = fn.tokens
    found = [(loop.start, loop.end) for loop, *_ in stop_loops(fn)]
    found += [(j, match_bracket(toks, j + 1)) for j, tok in enumerate(toks)
              if tok.kind == ID and tok.text in helpers.loops and fn.text(j + 1) == "("]
    return [Construct(s, e, toks[s].line, tuple(t.text for t in toks[s:e + 1]),
                      tuple(t.line for t in toks[s:e + 1]))
            for s, e in sorted(found)]


def _words(text: str) -> tuple:
    return tuple(t.text for t in lex(text)[0])


def _replace(words: tuple, lines: Optional[tuple], jumps: Sequence[Tuple[Optional[int], tuple]]
             ) -> tuple:
    """words with each jump (line or None for any line, its words) read as EXIT; longer
    jumps first."""
    jumps = sorted(jumps, key=lambda j: len(j[1]), reverse=True)
    out: list = []
    i = 0
    while i < len(words):
        hit = next((old for line, old in jumps if old and words[i:i + len(old)] == old
                    and (line is None or (lines is not None and lines[i] == line))), None)
        if hit:
            out.append(EXIT)
            i += len(hit)
        else:
            out.append(words[i])
            i += 1
    return tuple(out)


def legacy_words(c: Construct, exits: Sequence[dict]) -> tuple:
    """The construct's words with the main loop's exits (the engine's exits facts: line
    and legacy words) read as EXIT."""
    return _replace(c.words, c.lines, [(ex["line"], form) for ex in exits
                                       for form in _braced(_words(ex["legacy"]))])


def callback_words(words: tuple, exits: Sequence[dict]) -> tuple:
    """The words of a callback's construct with the engine's rewrites of the main loop's
    exits read as EXIT."""
    return _replace(words, None, [(None, form) for ex in exits
                                  for form in _braced(_words(ex["now"]))])


def _braced(words: tuple) -> List[tuple]:
    """A jump as written, and in braces (the engine braces a rewrite of two statements)."""
    return [words, ("{",) + words + ("}",)]


def outermost(found: Sequence[Construct]) -> List[Construct]:
    return [c for c in found if not any(o is not c and o.start <= c.start and c.end <= o.end
                                        for o in found)]


def legacy_parts(fn: ThreadBody, helpers: Helpers, exits: Sequence[dict] = ()
                 ) -> Optional[Dict[str, List[tuple]]]:
    """The legacy function's stop constructs other than its main loop, by part (before,
    inside, after the main loop); None when the detector finds no main loop."""
    line = classify(fn, helpers, False)["loop_line"]
    found = constructs(fn, helpers)
    main = next((c for c in outermost(found) if c.line == line), None)
    if main is None:
        return None
    parts: Dict[str, List[tuple]] = {"before": [], "inside": [], "after": []}
    for c in found:
        if c is main:
            continue
        part = ("before" if c.end < main.start else "after" if c.start > main.end
                else "inside")
        parts[part].append(legacy_words(c, exits))
    return parts


def left_behind(callback: ThreadBody, role: str, legacy: Dict[str, List[tuple]],
                helpers: Helpers, ctx_var: str, ctx_fields: Sequence[str],
                exits: Sequence[dict] = ()) -> List[int]:
    """Lines of the callback's stop constructs the legacy function had nowhere its role
    comes from."""
    pool = [w for part in PARTS.get(role, ()) for w in legacy[part]]
    lines = []
    for c in outermost(constructs(callback, helpers)):
        words = callback_words(tuple(rename_back(list(c.words), ctx_var, list(ctx_fields))),
                               exits)
        if words in pool:
            pool.remove(words)
        else:
            lines.append(c.line)
    return lines

