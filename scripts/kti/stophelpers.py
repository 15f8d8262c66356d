# SPDX-License-Identifier: GPL-2.0
"""Stop helpers across files: classify again the thread functions that call one.

The detector sees one file at a time.  `do { ... } while (!torture_must_stop());` in
kernel/rcu/rcutorture.c loops on a predicate defined in kernel/torture.c, so to the
detector that loop tests no stop predicate and the thread "runs once".  Every file's facts
name its stop helpers (functions returning a stop predicate, "stop_helper") and stop-loop
helpers (functions running a stop loop, "stop_loop"); this module knows them tree-wide, the
way resolve.py knows wrappers, and classifies again, with the detector's own code
(kti.detect.classify), each thread function that calls one defined in another file.

A helper defined in another file counts when that file can be linked to or included: a
non-static function, or any function of a header.  When several files define a name, the
one nearest in the tree wins, as for thread functions.  The facts of a thread function
classified again name the helpers in "helpers_elsewhere" ("file:name").
"""
import os
from dataclasses import dataclass
from typing import Dict, List, Optional, Set

from .ctext.tokens import ID
from .detect.classify import Helpers, classify
from .detect.vocabulary import STOP_PREDICATES
from .sources import Sources
from .spatch import FileResult

#: The threadfn fact keys that classification decides.
CLASSIFIED = ("loop", "loop_line", "stop_predicate", "freezer", "parking", "signals",
              "sleep", "exit", "persistent_locals", "verdict", "reasons", "main_loop")


@dataclass(frozen=True)
class Helper:
    """A stop helper (waits is None) or stop-loop helper defined in file."""
    file: str
    name: str
    waits: Optional[bool]


def _visible(sources: Sources, helper: Helper, fact: dict) -> bool:
    if helper.file.endswith(".h"):
        return True
    static = sources.is_static(helper.file, fact.get("line", 0), fact.get("col", 0))
    return static is False


def _nearest(helpers: List[Helper], path: str) -> Helper:
    return max(helpers, key=lambda h: (len(os.path.commonpath([h.file, path])), h.file))


class StopHelpers:
    """The stop and stop-loop helpers of every scanned file."""

    def __init__(self, results: Dict[str, FileResult], sources: Sources):
        self.sources = sources
        self.in_file: Dict[str, Helpers] = {}
        self.visible: Dict[str, List[Helper]] = {}
        for path, result in sorted(results.items()):
            predicates: Set[str] = set()
            loops: Dict[str, bool] = {}
            for fact in result.facts:
                kind, name = fact.get("kind"), fact.get("name")
                if kind not in ("stop_helper", "stop_loop") or not name or \
                        name in STOP_PREDICATES:
                    continue
                waits = fact.get("waits") if kind == "stop_loop" else None
                if kind == "stop_helper":
                    predicates.add(name)
                else:
                    loops[name] = bool(waits)
                helper = Helper(path, name, None if kind == "stop_helper" else bool(waits))
                if _visible(sources, helper, fact):
                    self.visible.setdefault(name, []).append(helper)
            self.in_file[path] = Helpers(frozenset(predicates), loops)

    def elsewhere(self, path: str, names: Set[str]) -> List[Helper]:
        """The helpers among names that path calls but another file defines."""
        own = {span.name for span in self.sources.spans(path)}
        return [_nearest(self.visible[name], path) for name in sorted(names)
                if name in self.visible and name not in own and
                any(h.file != path for h in self.visible[name])]


def _called(body) -> Set[str]:
    return {tok.text for j, tok in enumerate(body.tokens)
            if tok.kind == ID and body.text(j + 1) == "("}


def reclassify(results: Dict[str, FileResult], sources: Sources) -> List[str]:
    """Classify again, in place, every threadfn fact that calls a helper of another file;
    returns "file:name:line" of each."""
    helpers = StopHelpers(results, sources)
    names = set(helpers.visible)
    changed = []
    for path, result in sorted(results.items()):
        threadfns = [f for f in result.facts if f.get("kind") == "threadfn"]
        text = sources.text(path) or ""
        if not threadfns or not any(name in text for name in names):
            continue
        source = sources.detector_source(path)
        svc = {f.get("arg") for f in result.facts
               if f.get("kind") == "create" and f.get("thread_kind") == "svc" and
               f.get("arg_kind") == "function"}
        own = helpers.in_file.get(path, Helpers())
        for fact in threadfns:
            body = source.body_at(fact.get("line", 0), fact.get("col", 0))
            found = helpers.elsewhere(path, _called(body) & names)
            if not found:
                continue
            known = Helpers(own.predicates | {h.name for h in found if h.waits is None},
                            dict(own.loops, **{h.name: h.waits for h in found
                                               if h.waits is not None}))
            info = classify(body, known, fact.get("name") in svc)
            fact.update((key, info[key]) for key in CLASSIFIED)
            fact["helpers_elsewhere"] = [f"{h.file}:{h.name}" for h in found]
            changed.append(f"{path}:{fact.get('name')}:{fact.get('line')}")
    return changed
