# SPDX-License-Identifier: GPL-2.0
"""Classify one thread function: loop shape, features, exits, persistent locals, verdict.

The rules are the ones documented in the header of cocci/kthread_threads.cocci.  The input
is a parsed body and what is known about helpers: stop helpers (functions returning a stop
predicate) and stop-loop helpers (functions running a stop loop, maybe only waiting for
kthread_stop()).  The detector knows the helpers of one file; the scan driver adds those
of other files and classifies again (scripts/kti/stophelpers.py).
"""
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, List, Optional, Tuple

from ..ctext.parse import DO, GOTO, ITERATOR, LOOP, Node
from ..ctext.tokens import ID
from .body import CUSTOM, FREEZABLE, HELPER, ThreadBody
from .exits import exits
from .features import features
from .locals import locals_before, persistent_locals
from .looppos import loop_positions
from .vocabulary import GOTO_LOOP_REASON, STOP_PREDICATES, SVC_REASON, SVC_STOP

#: Loop shapes.
WHILE_NOT_SHOULD_STOP = "while-not-should-stop"
INFINITE_WITH_STOP_CHECK = "infinite-with-stop-check"
DO_WHILE = "do-while"
FREEZABLE_SHOULD_STOP = "freezable-should-stop"
CUSTOM_STOP_PREDICATE = "custom-stop-predicate"
STOP_IN_HELPER = "stop-in-helper"
ONE_SHOT = "one-shot"
WAIT_FOR_STOP_TAIL = "wait-for-stop-tail"
INFINITE_WITHOUT_STOP_CHECK = "infinite-without-stop-check"

#: Verdicts.
AUTO = "auto"
CARE = "care"
MANUAL = "manual"

#: A stop loop: (loop, enclosing nodes, stop kind, predicate, "cond" or "body").
StopLoop = Tuple[Node, List[Node], str, str, str]


@dataclass(frozen=True)
class Helpers:
    """What the classifier knows about functions a thread function may call: stop
    helpers by name, and stop-loop helpers by name -> True when they only wait for
    kthread_stop()."""
    predicates: FrozenSet[str] = frozenset()
    loops: Dict[str, bool] = field(default_factory=dict)


def calls_with_helpers(fn: ThreadBody, start: int, end: int) -> List[str]:
    """Calls in tokens[start:end] plus the calls made by the in-file functions called there
    (one level deep)."""
    names = fn.calls(start, end)
    extra: List[str] = []
    for name in sorted(set(names)):
        helper = fn.source.definition(name)
        if helper is not None:
            extra.extend(helper.calls(0, len(helper.tokens)))
    return names + extra


def stop_loops(fn: ThreadBody) -> List[StopLoop]:
    """Loops that test a stop predicate in their condition or body."""
    result: List[StopLoop] = []
    for loop, chain in fn.loops():
        kind = None
        if loop.what != ITERATOR:
            kind = fn.stop_kind(*loop.cond)
        if kind:
            result.append((loop, chain, kind[0], kind[1], "cond"))
            continue
        checks = fn.body_stop_checks(loop)
        if checks:
            kind = checks[0][0]
            result.append((loop, chain, kind[0], kind[1], "body"))
    return result


def loop_shape(fn: ThreadBody, loop: Node, kind: str, predicate: str, where: str
               ) -> Tuple[str, List[str], List[str]]:
    """Shape of the main loop, with the manual and care reasons it implies."""
    manual: List[str] = []
    care: List[str] = []
    if kind == FREEZABLE:
        shape = FREEZABLE_SHOULD_STOP
    elif kind == HELPER:
        shape = STOP_IN_HELPER
        manual.append("stops through helper '%s'" % predicate)
    elif kind == CUSTOM:
        shape = CUSTOM_STOP_PREDICATE
        care.append("stops on custom predicate '%s'" % predicate)
    elif loop.what == DO and where == "cond":
        shape = DO_WHILE
        care.append("do-while loop: the body runs once before the first stop check")
    elif where == "cond":
        shape = WHILE_NOT_SHOULD_STOP
    else:
        shape = INFINITE_WITH_STOP_CHECK
    if loop.what == GOTO:
        care.append(GOTO_LOOP_REASON)
    cond = fn.cond_texts(loop)
    if (where == "cond" and ("&&" in cond or "||" in cond)) or \
            (where == "body" and not fn.is_infinite(loop)):
        care.append("the loop condition tests more than the stop check")
    return shape, manual, care


def main_loop_facts(fn: ThreadBody, found: StopLoop, others: List[StopLoop],
                    all_stop_loops: List[StopLoop], tails: List[int]) -> dict:
    """Facts about the main stop loop: shape, exits, persistent locals, sleep, reasons."""
    loop, _, kind, predicate, where = found
    shape, manual, care = loop_shape(fn, loop, kind, predicate, where)
    kinds, targets = exits(fn, loop)
    if "break" in kinds:
        care.append("leaves the loop with break")
    if "return" in kinds:
        care.append("returns from inside the loop")
    for target in targets:
        manual.append("leaves the loop with goto %s" % target)
    if others:
        manual.append("%d separate loops check the stop condition" % (len(others) + 1))
    for inner in all_stop_loops:
        if inner[0] is not loop and any(c is loop for c in inner[1]):
            manual.append("nested loop at line %d also checks the stop condition"
                          % fn.tokens[inner[0].start].line)
            break
    if any(at > loop.end for at in tails):
        manual.append("waits for kthread_stop() after the loop")
    local_list = locals_before(fn, loop)
    kept = []
    for name, simple, why in persistent_locals(fn, loop, local_list):
        kept.append(name)
        if not simple:
            care.append(why)
    return {"loop": shape, "loop_line": fn.tokens[loop.start].line,
            "stop_predicate": predicate, "exit": kinds, "persistent_locals": kept,
            "sleep": features(calls_with_helpers(fn, loop.start, loop.end + 1))[3],
            "main_loop": loop_positions(fn, loop, local_list),
            "manual": manual, "care": care}


def no_main_loop_facts(fn: ThreadBody, waits: List[StopLoop],
                       helper_loops: List[Tuple[int, str]], loop_helpers: Dict[str, bool]
                       ) -> dict:
    """Facts about a thread function without a working stop loop."""
    facts: dict = {"loop": ONE_SHOT, "loop_line": None, "stop_predicate": None, "exit": [],
                   "persistent_locals": [], "main_loop": None, "manual": [], "care": []}
    infinite = [loop for loop, _ in fn.loops() if fn.is_infinite(loop)]
    if waits:
        facts.update(loop=WAIT_FOR_STOP_TAIL, loop_line=fn.tokens[waits[0][0].start].line,
                     stop_predicate=waits[0][3])
        facts["manual"].append("does its work once, then waits for kthread_stop()")
    elif helper_loops:
        at, name = helper_loops[0]
        facts.update(loop_line=fn.tokens[at].line, stop_predicate="kthread_should_stop")
        if loop_helpers[name]:
            facts["loop"] = WAIT_FOR_STOP_TAIL
            facts["manual"].append("does its work once, then waits for kthread_stop() in "
                                   "'%s'" % name)
        else:
            facts["loop"] = STOP_IN_HELPER
            facts["manual"].append("runs its stop loop in helper '%s'" % name)
    elif infinite:
        facts["loop"] = INFINITE_WITHOUT_STOP_CHECK
        facts["loop_line"] = fn.tokens[infinite[0].start].line
        facts["manual"].append("loops forever without a stop check")
        if any(loop.what == GOTO for loop, _ in fn.loops()):
            facts["manual"].append(GOTO_LOOP_REASON)
    else:
        facts["manual"].append("no stop loop: the thread runs once and returns")
    return facts


def classify(fn: ThreadBody, helpers: Helpers, svc: bool) -> dict:
    """The threadfn facts of a thread function (see the facts contract), plus
    "checkpoints": whether it calls any stop predicate or kthread checkpoint.  svc says
    that an svc creator starts it."""
    fn.helpers = helpers.predicates
    tokens = fn.tokens
    all_calls = calls_with_helpers(fn, 0, len(tokens))
    freezer, parking, signals, sleep = features(all_calls)
    found = stop_loops(fn)
    loop_nodes = [s[0] for s in found]
    outer = [s for s in found
             if not any(c.kind == LOOP and any(c is n for n in loop_nodes) for c in s[1])]
    work = [s for s in outer if not fn.is_wait_loop(s[0])]
    waits = [s for s in outer if fn.is_wait_loop(s[0])]
    # Calls of functions that run a stop loop themselves.
    helper_loops = [(j, tok.text) for j, tok in enumerate(tokens)
                    if tok.kind == ID and tok.text in helpers.loops and fn.text(j + 1) == "("]
    if work:
        tails = [w[0].start for w in waits] + [h[0] for h in helper_loops]
        facts = main_loop_facts(fn, work[0], work[1:], found, tails)
    else:
        facts = no_main_loop_facts(fn, waits, helper_loops, helpers.loops)
        facts["sleep"] = sleep
    manual = facts.pop("manual")
    care = facts.pop("care")
    if "kernel_dequeue_signal" in signals:
        manual.append("dequeues signals itself (kernel_dequeue_signal)")
    elif signals:
        care.append("uses signals (%s)" % ", ".join(signals))
    if parking:
        manual.append("parks (%s)" % ", ".join(parking))
    if svc or facts["stop_predicate"] == SVC_STOP:
        manual.append(SVC_REASON)
    if manual:
        verdict = MANUAL
    elif care:
        verdict = CARE
    else:
        verdict = AUTO
        care.append("single %s loop left only through the stop check" % facts["loop"])
    checkpoints = set(STOP_PREDICATES) | set(helpers.predicates)
    return {"loop": facts["loop"], "loop_line": facts["loop_line"],
            "stop_predicate": facts["stop_predicate"], "freezer": freezer,
            "parking": parking, "signals": signals, "sleep": facts["sleep"],
            "exit": facts["exit"], "persistent_locals": facts["persistent_locals"],
            "verdict": verdict, "reasons": manual + care,
            "main_loop": facts["main_loop"],
            "checkpoints": bool(found or helper_loops or parking or
                                set(all_calls) & checkpoints)}


def stop_loop_helper(fn: ThreadBody) -> Optional[bool]:
    """For a function that is no thread function: None when it runs no stop loop, else
    whether all its stop loops only wait for kthread_stop()."""
    found = stop_loops(fn)
    if not found:
        return None
    return all(fn.is_wait_loop(s[0]) for s in found)

