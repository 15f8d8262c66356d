# SPDX-License-Identifier: GPL-2.0
"""What a maintainer's changelog needs to say about one conversion (issue 12 builds patch
series from these)."""
from typing import Dict, List

from . import stophelper
from .anatomy import Anatomy, Leading, Shape, TopMode
from .emit import Names
from .state import Fate, State

_LEADING = {Leading.FREEZE: "try_to_freeze() at the top of each iteration",
            Leading.STOP: "the stop check at the top of each iteration",
            Leading.PARK: "if (kthread_should_park()) kthread_parkme(); at the top of each "
                          "iteration"}
_WAITS = ("wait_event", "wait_for_completion")


def _moved(anat: Anatomy) -> List[str]:
    moved = []
    if anat.helper is not None:
        moved.append("the loop's stop test (%s(): %s stays at the end of func, "
                     "kthread_should_stop() is the core's)" % (anat.helper.name,
                                                              "".join(anat.helper.test)))
    elif anat.shape is not Shape.INFINITE:
        moved.append("the loop's stop test (%s)" % ("kthread_freezable_should_stop()"
                                                   if anat.shape is Shape.FREEZABLE else
                                                   "kthread_should_stop()"))
    if anat.freezable:
        moved.append("set_freezable(): iterant kthreads are freezable by default")
    moved += [_LEADING[kind] for kind, _ in anat.leading]
    if anat.stop is not None and anat.stop.mode is not TopMode.TRANSPARENT and \
            not any(kind is Leading.STOP for kind, _ in anat.leading):
        moved.append("the stop check of the infinite loop")
    return moved


def _changes(anat: Anatomy, state: State, tf: dict) -> List[str]:
    out = ["the core's checkpoint between iterations also handles kthread_park(), "
           "signals the core is told of and cond_resched()"]
    froze_at_top = anat.shape is Shape.FREEZABLE or any(
        kind is Leading.FREEZE for kind, _ in anat.leading)
    if anat.freezable and not froze_at_top:
        out.append("new freeze point between iterations (the core's checkpoint); the "
                   "thread froze only where it called the freezer before")
    if anat.shape is Shape.DO_WHILE:
        out.append("the first iteration runs at the end of init, before the first stop "
                   "check, as the do-while did")
    stop = anat.stop
    if stop is not None and stop.mode is TopMode.ROTATED:
        out.append("the statements before the stop check run once at the end of init and "
                   "then at the end of each iteration: the same order of calls")
    if stop is not None and stop.mode is TopMode.TRANSPARENT:
        out.append("the core checks kthread_should_stop() before the wait, which ended at "
                   "once on a stop request anyway")
    if stop is not None and stop.handler:
        out.append("the code the stop check ran before leaving the loop now starts destroy")
    ctx = [loc.name for loc in state.locals if loc.fate is Fate.CTX]
    if ctx:
        out.append("state carried across iterations moved to a per-thread context "
                   "allocated and zeroed by the core: %s" % ", ".join(ctx))
    if anat.helper is not None:
        out.append("%s() = %s || kthread_should_stop(): %s runs at the end of %s, right "
                   "before the core's stop test, as the loop condition ran both"
                   % (anat.helper.name, "".join(anat.helper.test), "".join(anat.helper.test),
                      "init and of func" if anat.shape is Shape.WHILE else "func"))
    if anat.stop_wait is not None:
        lost = [c for c in anat.stop_wait if c in stophelper.ABSORB]
        out.append("the last call after the loop ends with a wait for kthread_stop() that "
                   "ends at once after kthread_stop_current(): the core waits for "
                   "kthread_stop() instead (TASK_IDLE)" + (
                       ", without the wait's %s: it %s" % (", ".join(
                           "%s()" % c for c in lost), "; ".join(
                               stophelper.ABSORB[c] for c in lost)) if lost else ""))
    if anat.ends_on_its_own():
        out.append("after leaving its loop on its own the thread runs destroy and waits for "
                   "kthread_stop(), which its owner calls")
    if any(n.kind == "loop" for top in anat.pre for n, _ in anat.fn.walk(top)):
        out.append("init runs a loop of the legacy code before the stop-checked one")
    if anat.state_across_checkpoint:
        out.append("the task state set before the next sleep is still set at the core's "
                   "checkpoint: for a kthread that is not freezable and does not park it "
                   "tests the stop request, as the legacy loop did in that state, and calls "
                   "cond_resched(), which keeps the state")
    return out


def _risks(anat: Anatomy, state: State, tf: dict) -> List[str]:
    risks = []
    if any(loc.fate is Fate.CTX for loc in state.locals):
        risks.append("context")
    if anat.ends_on_its_own():
        risks.append("ends-on-its-own")
    if any(n.kind == "loop" for top in anat.pre for n, _ in anat.fn.walk(top)):
        risks.append("loop-in-init")
    if anat.stop is not None and anat.stop.mode is not TopMode.LEADING:
        risks.append("stop-check-" + anat.stop.mode.name.lower())
    if anat.shape is Shape.DO_WHILE:
        risks.append("do-while")
    if anat.state_across_checkpoint:
        risks.append("task-state-across-checkpoint")
    if "try_to_freeze" in tf.get("freezer", []) and not any(
            kind is Leading.FREEZE for kind, _ in anat.leading):
        risks.append("freezer-call-kept-in-func")
    return risks


def worker_fit(anat: Anatomy, state: State, tf: dict) -> Dict[str, object]:
    """Whether a kthread_worker would serve instead, and why (advice, not a rule)."""
    sleeps = tf.get("sleep", [])
    if any(loc.fate is Fate.CTX for loc in state.locals):
        return {"fit": False, "why": "keeps state across iterations"}
    if anat.ends_on_its_own():
        return {"fit": False, "why": "leaves its loop on its own"}
    if sleeps and all(s in _WAITS for s in sleeps):
        return {"fit": True, "why": "sleeps only until work is signalled: queued "
                                    "kthread_work items would replace the wait"}
    if sleeps and all(s in ("schedule_timeout", "msleep", "usleep_range") for s in sleeps):
        return {"fit": True, "why": "polls with a fixed sleep: a kthread_delayed_work "
                                    "would replace the loop"}
    return {"fit": False, "why": "sleeps in several ways (%s)" % ", ".join(sleeps)
            if sleeps else "never sleeps between iterations"}


def build(anat: Anatomy, state: State, names: Names, tf: dict, sites: List[dict],
          commands: List[str]) -> dict:
    exits = []
    for jump in anat.jumps:
        line = anat.toks[jump.node.start].line
        legacy = " ".join(anat.fn.texts(jump.node.start, jump.node.end + 1))
        now = "kthread_stop_current(); return;" if jump.needs_stop_call else "return;"
        exits.append({"line": line, "legacy": legacy, "now": now,
                      "guarded_by_stop_check": jump.guarded})
    return {
        "candidate": True,
        "loop": tf.get("loop"),
        "rule": anat.shape.value + (" / " + anat.stop.mode.value if anat.stop else "") +
        (" / stop helper %s()" % anat.helper.name if anat.helper else ""),
        "stop_helper": anat.helper.name if anat.helper else None,
        "freezable_before": anat.freezable,
        "flags": [] if anat.freezable else ["KTI_NONFREEZABLE"],
        "timeout": None,
        "names": names.__dict__,
        "checkpoints_moved": _moved(anat),
        "ctx_fields": [loc.name for loc in state.locals if loc.fate is Fate.CTX],
        "locals": {loc.name: loc.fate.name.lower() for loc in state.locals},
        "exits": exits,
        "sleeps_kept": list(tf.get("sleep", [])),
        "sleeps_mapped": [],
        "behaviour_changes": _changes(anat, state, tf),
        "risk_flags": _risks(anat, state, tf),
        "creation_sites": sites,
        "kthread_worker_fit": worker_fit(anat, state, tf),
        "spatch_commands": commands,
    }
