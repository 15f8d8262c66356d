# SPDX-License-Identifier: GPL-2.0
"""Refusals that do not depend on the loop's shape: signals handled by hand, parking with
custom code, freezer calls the core cannot take over, a task state or a lock still set when
the core's checkpoint would run, preprocessor conditionals the move would split."""
import re
from typing import Dict, Iterable, List

from . import ctree
from .anatomy import Anatomy, Leading, Shape, TopMode
from .model import Reason, Refusal

SIGNAL_CALLS = ("allow_signal", "allow_kernel_signal", "disallow_signal",
                "kernel_dequeue_signal", "dequeue_signal", "flush_signals", "sigprocmask",
                "kernel_sigaction", "siginitset", "sigfillset")
PARK_CALLS = ("kthread_should_park", "kthread_parkme")

# Calls after which the task runs again (they sleep and return in TASK_RUNNING).
_WAKES = re.compile(r"^(schedule|schedule_timeout\w*|io_schedule\w*|schedule_hrtimeout\w*|"
                    r"schedule_preempt_disabled|finish_wait|finish_swait|msleep\w*|ssleep|"
                    r"usleep_range\w*|wait_event\w*|wait_for_completion\w*|"
                    r"freezable_schedule\w*)$")
_ARMS = re.compile(r"^(prepare_to_wait\w*|prepare_to_swait\w*)$")

# Lock families: acquire -> (family, release names).  Conditional acquires (trylock,
# _interruptible, _killable) are not counted, nor semaphores (often used as completions).
_LOCKS: Dict[str, str] = {}
for _family, _acquire, _release in (
        ("spin", "spin_lock spin_lock_irq spin_lock_irqsave spin_lock_bh spin_lock_nested",
         "spin_unlock spin_unlock_irq spin_unlock_irqrestore spin_unlock_bh"),
        ("raw_spin", "raw_spin_lock raw_spin_lock_irq raw_spin_lock_irqsave raw_spin_lock_bh",
         "raw_spin_unlock raw_spin_unlock_irq raw_spin_unlock_irqrestore raw_spin_unlock_bh"),
        ("read", "read_lock read_lock_irq read_lock_irqsave read_lock_bh",
         "read_unlock read_unlock_irq read_unlock_irqrestore read_unlock_bh"),
        ("write", "write_lock write_lock_irq write_lock_irqsave write_lock_bh",
         "write_unlock write_unlock_irq write_unlock_irqrestore write_unlock_bh"),
        ("mutex", "mutex_lock mutex_lock_nested", "mutex_unlock"),
        ("rwsem_read", "down_read", "up_read"),
        ("rwsem_write", "down_write", "up_write"),
        ("rcu", "rcu_read_lock", "rcu_read_unlock"),
        ("rcu_bh", "rcu_read_lock_bh", "rcu_read_unlock_bh"),
        ("srcu", "srcu_read_lock", "srcu_read_unlock"),
        ("irq", "local_irq_disable local_irq_save", "local_irq_enable local_irq_restore"),
        ("bh", "local_bh_disable", "local_bh_enable"),
        ("preempt", "preempt_disable", "preempt_enable preempt_enable_no_resched"),
        ("migrate", "migrate_disable", "migrate_enable"),
        ("rtnl", "rtnl_lock", "rtnl_unlock"),
        ("console", "console_lock", "console_unlock"),
        ("cpus", "cpus_read_lock", "cpus_read_unlock"),
        ("sock", "lock_sock", "release_sock"),
        ("guard", "guard scoped_guard", "")):
    for _name in _acquire.split():
        _LOCKS[_name] = "+" + _family
    for _name in _release.split():
        _LOCKS[_name] = "-" + _family
_PER_OBJECT = {"spin", "raw_spin", "read", "write", "mutex", "rwsem_read",
               "rwsem_write", "sock"}


def check_all(anat: Anatomy) -> None:
    check_calls(anat)
    check_preprocessor(anat)
    check_task_state(anat)
    check_locks(anat)


def _calls_in(anat: Anatomy, start: int, end: int) -> List[str]:
    return anat.fn.calls(start, end)


def check_calls(anat: Anatomy) -> None:
    fn = anat.fn
    every = fn.calls(0, len(fn.toks))
    with_macros = set(every)
    for name in list(with_macros):
        if name in fn.macros:
            with_macros.update(ctree_macro_calls(fn, name))
    signals = sorted(with_macros & set(SIGNAL_CALLS))
    if signals:
        raise Refusal(Reason.SIGNALS, ", ".join(signals))
    removed = [n for kind, n in anat.leading if kind is Leading.PARK]
    for node, _ in fn.walk(fn.root):
        if any(r.start <= node.start <= r.end for r in removed):
            continue
        if node.kind in ("simple", "decl", "jump") or node.kind == "if":
            rng = (node.start, node.end + 1) if node.kind != "if" else node.cond
            park = set(fn.calls(*rng)) & set(PARK_CALLS)
            if park:
                raise Refusal(Reason.PARKING, ", ".join(sorted(park)))
        if node.kind == "loop" and node.what != "goto":
            park = set(fn.calls(*node.cond)) & set(PARK_CALLS)
            if park:
                raise Refusal(Reason.PARKING, ", ".join(sorted(park)))
    pre_ids = {id(n) for n in anat.pre}
    freezable = False
    for node, chain in fn.walk(fn.root):
        rng = node.cond if node.kind in ("if", "loop", "switch") and node.cond else \
            (node.start, node.end + 1) if node.kind in ("simple", "decl", "jump") else None
        if rng is None or "set_freezable" not in fn.calls(*rng):
            continue
        if id(node) in pre_ids and fn.texts(node.start, node.end + 1) == \
                ["set_freezable", "(", ")", ";"]:
            anat.set_freezable.append(node)
            freezable = True
            continue
        raise Refusal(Reason.FREEZER_PLACE, "set_freezable() at line %d"
                      % fn.toks[node.start].line)
    anat.freezable = freezable


def ctree_macro_calls(fn: ctree.Function, name: str) -> Iterable[str]:
    """Calls made in the body of an in-file macro (one level)."""
    body = fn.macros[name].body
    return [t.text for i, t in enumerate(body)
            if t.kind == "id" and i + 1 < len(body) and body[i + 1].text == "("]


# Preprocessor -----------------------------------------------------------------------------

def check_preprocessor(anat: Anatomy) -> None:
    """Conditional groups must lie wholly inside the code before the loop, the loop body or
    the code after it, must keep brackets balanced in every branch (else the toolkit leaves
    branches out of the tokens and no edit would reach them), and must not hold a statement
    the conversion removes or moves elsewhere."""
    fn = anat.fn
    for group in fn.conditionals:
        if group.dropped:
            raise Refusal(Reason.PREPROCESSOR, "#%s at line %d: branches with unbalanced "
                          "brackets" % (group.branches[0].directive.kind,
                                        group.branches[0].directive.line))
    loop = anat.loop
    body_open, body_close = fn.toks[loop.body.start], fn.toks[loop.body.end]
    inner = (body_open.end, body_close.start) if loop.body.kind == "block" else \
        (body_open.start, body_close.end)
    regions = [(fn.toks[fn.body_open].end, fn.toks[loop.start].start, "before the loop"),
               (inner[0], inner[1], "in the loop body"),
               (fn.toks[loop.end].end, fn.toks[-1].start, "after the loop")]
    for start, end, where in regions:
        for group in fn.crossing(start, end):
            raise Refusal(Reason.PREPROCESSOR, "#%s at line %d crosses the code %s"
                          % (group.branches[0].directive.kind,
                             group.branches[0].directive.line, where))
    moved = [n for _, n in anat.leading] + anat.set_freezable
    if anat.stop is not None:
        moved.append(anat.stop.node)
        if anat.stop.mode is TopMode.ROTATED:
            moved.extend(anat.prefix)
    if anat.final_return is not None:
        moved.append(anat.final_return)
    if anat.after_label is not None:
        moved.append(anat.after_label)
    for node in moved:
        start, end = fn.span(node)
        for group in fn.conditionals:
            if group.start < start and end <= group.end:
                raise Refusal(Reason.PREPROCESSOR, "'%s' inside #%s"
                              % (" ".join(fn.texts(node.start, node.end + 1))[:50],
                                 group.branches[0].directive.kind))


# Task state -----------------------------------------------------------------------------

def _state_effect(fn: ctree.Function, start: int, end: int, armed: bool) -> bool:
    toks = fn.toks
    for i in range(start, end):
        t = toks[i]
        if t.kind != "id" or i + 1 >= end or toks[i + 1].text != "(":
            continue
        if i > 0 and toks[i - 1].text in (".", "->"):
            continue
        if t.text in ("set_current_state", "__set_current_state", "set_special_state"):
            armed = fn.texts(i + 2, i + 4) != ["TASK_RUNNING", ")"]
        elif _ARMS.match(t.text):
            armed = True
        elif _WAKES.match(t.text):
            armed = False
    return armed


def _armed_after(fn: ctree.Function, nodes: list, armed: bool, at_jumps: list) -> bool:
    """Whether the task may be in a sleeping state after running nodes."""
    for node in nodes:
        armed = _armed_node(fn, node, armed, at_jumps)
    return armed


def _armed_node(fn: ctree.Function, node, armed: bool, at_jumps: list) -> bool:
    if node is None:
        return armed
    kind = node.kind
    if kind == "block":
        return _armed_after(fn, node.children, armed, at_jumps)
    if kind == "if":
        armed = _state_effect(fn, node.cond[0], node.cond[1], armed)
        a = _armed_node(fn, node.body, armed, at_jumps)
        b = _armed_node(fn, node.orelse, armed, at_jumps) if node.orelse else armed
        return a or b
    if kind in ("loop", "switch"):
        if node.cond:
            armed = _state_effect(fn, node.cond[0], node.cond[1], armed)
        return _armed_node(fn, node.body, armed, at_jumps) or armed
    if kind == "jump":
        armed = _state_effect(fn, node.start, node.end + 1, armed)
        at_jumps.append((node, armed))
        return armed
    return _state_effect(fn, node.start, node.end + 1, armed)


def _checkpoint_keeps_state(anat: Anatomy) -> bool:
    """Whether the core's checkpoint leaves a task state alone: for a kthread that is not
    freezable and does not park, it only tests the stop request (as the legacy loop did in
    that state) and calls cond_resched(), a preemption that keeps the state."""
    return not anat.freezable and anat.shape is not Shape.FREEZABLE and \
        not any(kind is Leading.PARK for kind, _ in anat.leading)


def check_task_state(anat: Anatomy) -> None:
    try:
        _check_task_state(anat)
    except Refusal:
        if not _checkpoint_keeps_state(anat):
            raise
        anat.state_across_checkpoint = True


def _check_task_state(anat: Anatomy) -> None:
    fn = anat.fn
    jumps: list = []
    pre = list(anat.pre)
    if anat.stop is not None and anat.stop.mode is TopMode.ROTATED:
        pre += anat.prefix
    if _armed_after(fn, pre, False, []):
        raise Refusal(Reason.TASK_STATE, "task state set before the loop is still set at "
                      "the end of init")
    body = ctree.children(anat.loop.body)
    end_armed = _armed_after(fn, body, False, jumps)
    if anat.stop is not None and anat.stop.mode is TopMode.ROTATED:
        end_armed = _armed_after(fn, anat.prefix, end_armed, jumps)
    if end_armed:
        raise Refusal(Reason.TASK_STATE, "task state still set at the end of an iteration")
    # A jump guarded by a stop check ends the loop: the core's checkpoint tests the stop
    # request first and goes to destroy, which runs in that state as the legacy code
    # after the loop did.
    mapped = {id(j.node) for j in anat.jumps if not (j.guarded and j.ends_loop)}
    for node, armed in jumps:
        if armed and id(node) in mapped:
            raise Refusal(Reason.TASK_STATE, "task state still set at '%s' (line %d)"
                          % (" ".join(fn.texts(node.start, node.end + 1)),
                             fn.toks[node.start].line))


# Locks ----------------------------------------------------------------------------------

def _lock_counts(fn: ctree.Function, start: int, end: int, counts: Dict[str, int],
                 marks: Dict[int, Dict[str, int]]) -> None:
    toks = fn.toks
    for i in range(start, end):
        if i in marks:
            marks[i] = dict(counts)
        t = toks[i]
        op = _LOCKS.get(t.text)
        if op is None or t.kind != "id" or i + 1 >= end or toks[i + 1].text != "(":
            continue
        if i > 0 and toks[i - 1].text in (".", "->"):
            continue
        family = op[1:]
        key = family
        if family in _PER_OBJECT:
            close = i + 2
            depth = 1
            while close < end and depth:
                depth += {"(": 1, ")": -1}.get(toks[close].text, 0)
                close += 1
            args = fn.texts(i + 2, close - 1)
            comma = args.index(",") if "," in args else len(args)
            key = family + ":" + " ".join(args[:comma])
        if op[0] == "+":
            counts[key] = counts.get(key, 0) + 1
        else:
            counts[key] = max(0, counts.get(key, 0) - 1)


def check_locks(anat: Anatomy) -> None:
    fn = anat.fn
    counts: Dict[str, int] = {}
    for node in anat.pre:
        _lock_counts(fn, node.start, node.end + 1, counts, {})
    held = sorted(k for k, v in counts.items() if v > 0)
    if held:
        raise Refusal(Reason.LOCK_ACROSS, "%s taken before the loop" % held[0])
    body = anat.loop.body
    marks = {j.node.start: {} for j in anat.jumps}
    counts = {}
    _lock_counts(fn, body.start, body.end + 1, counts, marks)
    held = sorted(k for k, v in counts.items() if v > 0)
    if held:
        raise Refusal(Reason.LOCK_ACROSS, "%s held at the end of an iteration" % held[0])
    for at, state in marks.items():
        held = sorted(k for k, v in state.items() if v > 0)
        if held:
            raise Refusal(Reason.LOCK_ACROSS, "%s held at the jump at line %d"
                          % (held[0], fn.toks[at].line))
