# SPDX-License-Identifier: GPL-2.0
"""Stop helpers whose definition the rules can take apart: `return T() || kthread_should_stop();`
(torture_must_stop() of kernel/torture.c), and the helpers that end by waiting for
kthread_stop() (torture_kthread_stopping()).

A loop on `!H()` is then the loop on `!T() && !kthread_should_stop()`.  The definitions are
read from the tree (the thread's file, or the file the inventory names in
"helpers_elsewhere"), never assumed from a name.
"""
from dataclasses import dataclass
from typing import Callable, List, Optional, Tuple

from . import checks, ctree

STOP = "kthread_should_stop"
#: What the body of a wait for kthread_stop() may do besides sleeping, and why that is
#: dropped when kthread_stop_current() has made the wait end at once.
ABSORB = {"torture_shutdown_absorb": "only acts on a system shutdown (fullstop "
                                     "FULLSTOP_SHUTDOWN), when no kthread_stop() comes"}
SLEEPS = ("schedule_timeout_uninterruptible", "schedule_timeout_interruptible",
          "schedule_timeout_idle", "msleep", "set_current_state", "__set_current_state",
          "schedule")


@dataclass(frozen=True)
class StopHelper:
    name: str               # the helper, e.g. torture_must_stop
    test: Tuple[str, ...]   # the other test as words, e.g. torture_must_stop_irq ( )
    where: str              # file of the definition


def _definition(tf: dict, path: str, text: str, name: str,
                read: Callable[[str], str]) -> Optional[Tuple[str, ctree.Function]]:
    places = [entry.rsplit(":", 1)[0] for entry in tf.get("helpers_elsewhere", [])
              if entry.rsplit(":", 1)[-1] == name]
    for where in [path] + places:
        fn = checks.definition(where, text if where == path else read(where), name)
        if fn is not None:
            return where, fn
    return None


def stop_helper(tf: dict, path: str, text: str,
                read: Callable[[str], str]) -> Optional[StopHelper]:
    """The thread's stop helper when it is defined as `return T() || kthread_should_stop();`
    with T a call without arguments, else None."""
    name = tf.get("stop_predicate")
    if not name or name == STOP:
        return None
    found = _definition(tf, path, text, name, read)
    if found is None:
        return None
    where, fn = found
    words = fn.texts(fn.body_open, len(fn.toks))
    if fn.texts(1, fn.body_open) != ["(", "void", ")"] or len(words) != 11 or \
            words[:2] != ["{", "return"] or not ctree.is_word(words[2]) or \
            words[3:] != ["(", ")", "||", STOP, "(", ")", ";", "}"] or words[2] == name:
        return None
    return StopHelper(name, tuple(words[2:5]), where)


def tests_stop(tf: dict, path: str, text: str, name: str,
               read: Callable[[str], str]) -> bool:
    """Whether function name, defined in the thread's file or in one the inventory names,
    calls a stop predicate itself (one level: what the inventory's helpers cover)."""
    found = _definition(tf, path, text, name, read)
    if found is None:
        return False
    _, fn = found
    return any(c == STOP or "should_stop" in c
               for c in fn.calls(fn.body_open, len(fn.toks)))


def waits_for_stop(tf: dict, path: str, text: str, name: str,
                   read: Callable[[str], str]) -> Optional[List[str]]:
    """When function name ends with `while (!kthread_should_stop()) { ... }` that only
    sleeps (and calls ABSORB), tests the stop request nowhere else and has no return
    (torture_kthread_stopping(), bcache's wait_for_kthread_stop()): the calls of that
    wait's body (what a kthread_stop_current() before it skips), else None."""
    found = _definition(tf, path, text, name, read)
    if found is None:
        return None
    _, fn = found
    body = fn.root.children
    if not body:
        return None
    loop = body[-1]
    if loop.kind != "loop" or loop.what != "while" or \
            fn.texts(*loop.cond) != ["!", STOP, "(", ")"]:
        return None
    tests = [i for i, t in enumerate(fn.toks) if t.text == STOP]
    if tests != [loop.cond[0] + 1]:
        return None
    if any(n.kind == "jump" for n, _ in fn.walk(fn.root)):
        return None
    inner = fn.calls(loop.body.start, loop.body.end + 1)
    if not inner or any(c not in SLEEPS and c not in ABSORB for c in inner):
        return None
    for node in ctree.children(loop.body):
        words = fn.texts(node.start, node.end + 1)
        if node.kind != "simple" or words[0] not in inner or words[-1] != ";":
            return None
    return inner
