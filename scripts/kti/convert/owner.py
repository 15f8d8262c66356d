# SPDX-License-Identifier: GPL-2.0
"""Who stops the thread: the task each creation site stores, and the kthread_stop() calls
on it in the same file and its directory (for torture.h's creation macros: the task they
store through tp, found by order, and the torture_stop_kthread() calls on it, see
torture.py).

An iterant kthread waits for kthread_stop() after its loop ends, so a thread that can end
on its own converts only when its owner calls kthread_stop() on it; and kthread_stop()
then returns 0 (or init's error), so a thread whose return value its owner reads converts
only when it always returned 0 after its loop.
"""
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Set

from .. import ctext
from . import torture
from .model import Reason, Refusal

_STOP_CALL = re.compile(r"\bkthread_stop(?:_put)?\s*\(")


@dataclass
class StopCall:
    file: str
    line: int
    read: bool     # its result is assigned, returned, compared or passed on


@dataclass
class Owner:
    """What the creation sites of one thread function tell about stopping it."""
    keys: Dict[str, Set[str]] = field(default_factory=dict)       # site id -> task names
    stops: Dict[str, List[StopCall]] = field(default_factory=dict)  # site id -> calls
    untracked: Dict[str, str] = field(default_factory=dict)      # site id -> why

    def stopped_everywhere(self) -> bool:
        return not self.untracked and all(self.stops.get(s) for s in self.keys)

    def result_read(self) -> Optional[StopCall]:
        for calls in self.stops.values():
            for call in calls:
                if call.read:
                    return call
        return None


def _last_word(expr: str) -> Optional[str]:
    expr = re.sub(r"\[[^\]]*\]", "", expr)
    words = re.findall(r"[A-Za-z_]\w*", expr)
    return words[-1] if words else None


def task_names(text: str, masked: str, offset: int) -> Optional[Set[str]]:
    """Names of what the creation call at offset is stored in (`x->task = kthread_run(`
    -> {"task"}), following plain locals into later assignments; None when the result is
    returned, passed on or dropped."""
    cut = max(masked.rfind(";", 0, offset), masked.rfind("{", 0, offset),
              masked.rfind("}", 0, offset))
    head = masked[cut + 1:offset].strip()
    m = re.search(r"([A-Za-z_][\w\s\->.\[\]]*?)\s*=\s*(?:\(\s*[\w\s\*]+\)\s*)?$", head)
    if not m or "==" in head[m.start():]:
        return None
    lhs = m.group(1).strip()
    if lhs.startswith("if") and "(" in head:
        lhs = lhs.split("(")[-1]
    name = _last_word(lhs)
    if name is None:
        return None
    names = {name}
    if re.match(r"^[A-Za-z_]\w*$", lhs):
        spans = ctext.function_spans(masked)
        func = ctext.enclosing(spans, offset)
        if func is not None:
            body = masked[offset:func.body_close]
            for other in re.finditer(r"([A-Za-z_][\w\->.\[\]]*)\s*=\s*%s\s*;" % re.escape(lhs),
                                     body):
                word = _last_word(other.group(1))
                if word:
                    names.add(word)
    return names


def stop_calls(path: str, text: str, names: Set[str]) -> List[StopCall]:
    masked = ctext.mask(text)
    starts = ctext.line_starts(text)
    found = []
    for m in _STOP_CALL.finditer(masked):
        open_at = m.end() - 1
        close = ctext.matching_close(masked, open_at)
        if close < 0:
            continue
        arg = masked[open_at + 1:close]
        if _last_word(arg) not in names:
            continue
        before = masked[:m.start()].rstrip()
        after = masked[close + 1:].lstrip()
        statement = (before.endswith((";", "{", "}", ")", ":")) or
                     re.search(r"\belse$", before) is not None) and after.startswith(";")
        found.append(StopCall(path, ctext.line_of(starts, m.start())[0], not statement))
    return found


def find_owner(tree: Path, sites: List[dict], read_text) -> Owner:
    """Stop calls for each creation site: in its file and the other C files of its
    directory."""
    owner = Owner()
    for site in sites:
        path = site["file"]
        text = read_text(path)
        masked = ctext.mask(text)
        offset = ctext.offset_of(ctext.line_starts(text), site["line"], site["col"])
        torture_site = site.get("torture", False)
        if torture_site:
            order = sorted((s["line"], s["col"]) for s in sites
                           if s.get("torture") and s["file"] == path)
            names = torture.task_names(masked, site["arg"], order.index(
                (site["line"], site["col"])), len(order), _last_word)
        else:
            names = task_names(text, masked, offset)
        if names is None:
            owner.untracked[site["id"]] = "the created task is not stored"
            continue
        owner.keys[site["id"]] = names
        calls = []
        directory = Path(path).parent
        neighbours = sorted(p for p in (tree / directory).glob("*.[ch]") if p.is_file())
        for other in [path] + [str(p.relative_to(tree)) for p in neighbours
                               if str(p.relative_to(tree)) != path]:
            other_text = read_text(other)
            if torture_site:
                calls.extend(StopCall(other, line, False) for line in
                             torture.stop_lines(other_text, names, _last_word))
            if "kthread_stop" in other_text:
                calls.extend(stop_calls(other, other_text, names))
        owner.stops[site["id"]] = calls
    return owner


def check_owner(ends_on_its_own: bool, lost_values: List[str], owner: Owner) -> None:
    if ends_on_its_own and not owner.stopped_everywhere():
        missing = sorted(owner.untracked) or sorted(s for s in owner.keys
                                                    if not owner.stops.get(s))
        why = owner.untracked.get(missing[0], "no kthread_stop() on %s in its file or "
                                  "directory" % "/".join(sorted(owner.keys.get(missing[0],
                                                                               ()))))
        raise Refusal(Reason.OWNER_NEVER_STOPS, "creation site %s: %s" % (missing[0], why))
    nonzero = [v for v in lost_values if v not in ("0", None)]
    read = owner.result_read()
    if nonzero and read is not None:
        raise Refusal(Reason.RESULT_READ, "returns %s; %s:%d reads kthread_stop()"
                      % (nonzero[0], read.file, read.line))
