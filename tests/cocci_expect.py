# SPDX-License-Identifier: GPL-2.0
"""Expectations written by hand in a golden fixture's header, and their check.

Each tests/cocci/NAME.c states in its first comment, one ` * expect ...` line at a time,
what the detector must say about it.  The expectations are written from the C code, so
the detector's output is checked against a reading of the code, not against itself.

    expect NAME: KEY VALUE; KEY VALUE ...     facts of thread function NAME
    expect NAME@LINE: ...                     when NAME is defined twice (#ifdef/#else)
    expect NAME: reason TEXT                  one reason, in order; all of them are given
    expect create LINE: CREATOR ARG KIND [via WRAPPER] [param N] [svc]
    expect smpboot LINE: STRUCT THREAD_FN COMM
    expect stop_helper NAME
    expect stop_loop NAME: waits|runs          a stop-loop helper (only waits, or does work)
    expect nothing                            no fact and no report line at all

Keys: verdict, loop, line (of the main loop, or none), stop (predicate or none), exit,
locals (persistent ones), freezer, parking, signals, sleep (comma lists or none), static
and report (yes/no, report defaults to yes), and positions of the main loop as LINE:COL:
loop_at, cond (L:C-L:C or none), braces (L:C L:C or none), do_while, jumps (none or a
comma list of WHAT@L:C, with " stop" when a stop check guards it).  verdict and loop are
always required; a reported function also needs exit, locals, freezer, parking, signals
and its reasons.
"""
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set

_EXPECT = re.compile(r"^ \* expect (.*)$", re.M)
LIST_KEYS = {"exit": "exit", "locals": "persistent_locals", "freezer": "freezer",
             "parking": "parking", "signals": "signals", "sleep": "sleep"}
SCALAR_KEYS = {"verdict": "verdict", "loop": "loop"}
POSITION_KEYS = ("loop_at", "cond", "braces", "do_while", "jumps")
OTHER_KEYS = ("line", "stop", "static", "report")
REQUIRED = ("verdict", "loop")
KINDS = ("threadfn", "create", "smpboot", "stop_helper", "stop_loop")
REQUIRED_IF_REPORTED = ("exit", "locals", "freezer", "parking", "signals")


@dataclass
class Expectations:
    functions: Dict[str, Dict[str, str]] = field(default_factory=dict)
    reasons: Dict[str, List[str]] = field(default_factory=dict)
    creates: Dict[int, List[str]] = field(default_factory=dict)
    smpboot: Dict[int, List[str]] = field(default_factory=dict)
    stop_helpers: Set[str] = field(default_factory=set)
    stop_loops: Dict[str, bool] = field(default_factory=dict)
    nothing: bool = False


def parse(text: str) -> Expectations:
    """The expectations of a fixture's text; ValueError names a malformed line."""
    exp = Expectations()
    for line in _EXPECT.findall(text):
        head, _, rest = line.partition(": ")
        words = head.split()
        if line.strip() == "nothing":
            exp.nothing = True
        elif words[:1] == ["stop_helper"] and len(words) == 2 and not rest:
            exp.stop_helpers.add(words[1])
        elif words[:1] == ["stop_loop"] and len(words) == 2 and rest in ("waits", "runs"):
            exp.stop_loops[words[1]] = rest == "waits"
        elif words[:1] in (["create"], ["smpboot"]) and len(words) == 2 and rest:
            table = exp.creates if words[0] == "create" else exp.smpboot
            table[int(words[1])] = rest.split()
        elif len(words) == 1 and rest:
            if rest.startswith("reason "):
                exp.reasons.setdefault(head, []).append(rest[len("reason "):])
                continue
            entry = exp.functions.setdefault(head, {})
            for item in rest.split("; "):
                key, _, value = item.partition(" ")
                if key not in SCALAR_KEYS and key not in LIST_KEYS and \
                        key not in POSITION_KEYS and key not in OTHER_KEYS:
                    raise ValueError("unknown key %r in: expect %s" % (key, line))
                if key in entry:
                    raise ValueError("key %r given twice for %s" % (key, head))
                entry[key] = value
        else:
            raise ValueError("malformed line: expect %s" % line)
    for name in exp.reasons:
        exp.functions.setdefault(name, {})
    return exp


def _names(value: str) -> List[str]:
    return [] if value == "none" else [v.strip() for v in value.split(",")]


def _at(position: Optional[List[int]]) -> str:
    return "%d:%d" % (position[0], position[1]) if position else "none"


def _positions(main_loop: Optional[dict]) -> Dict[str, str]:
    """The position keys as the header writes them, from a main_loop fact."""
    if not main_loop:
        return {key: "none" for key in POSITION_KEYS}
    cond = main_loop.get("cond")
    body = main_loop.get("body")
    jumps = ["%s@%s%s" % (j["what"], _at(j["extent"]["start"]),
                          " stop" if j["stop_exit"] else "") for j in main_loop["jumps"]]
    return {"loop_at": _at(main_loop["extent"]["start"]),
            "cond": "%s-%s" % (_at(cond["start"]), _at(cond["end"])) if cond else "none",
            "braces": "%s %s" % (_at(body["open"]), _at(body["close"])) if body else "none",
            "do_while": _at(main_loop.get("do_while")),
            "jumps": ", ".join(jumps) or "none"}


def _check_function(key: str, want: Dict[str, str], reasons: List[str], fact: dict,
                    reports: List[str]) -> List[str]:
    problems = []

    def differ(what: str, expected: object, actual: object) -> None:
        if expected != actual:
            problems.append("%s: %s is %r, expected %r" % (key, what, actual, expected))

    reported = want.get("report", "yes") == "yes"
    for required in REQUIRED + (REQUIRED_IF_REPORTED if reported else ()):
        if required not in want:
            problems.append("%s: the header gives no %s" % (key, required))
    if reported and not reasons:
        problems.append("%s: the header gives no reason" % key)
    for name, fact_key in SCALAR_KEYS.items():
        if name in want:
            differ(name, want[name], fact.get(fact_key))
    for name, fact_key in LIST_KEYS.items():
        if name in want:
            differ(name, _names(want[name]), fact.get(fact_key))
    if "line" in want:
        differ("line", None if want["line"] == "none" else int(want["line"]),
               fact.get("loop_line"))
    if "stop" in want:
        differ("stop", None if want["stop"] == "none" else want["stop"],
               fact.get("stop_predicate"))
    if "static" in want:
        differ("static", want["static"] == "yes", fact.get("static"))
    actual = _positions(fact.get("main_loop"))
    for name in POSITION_KEYS:
        if name in want:
            differ(name, want[name], actual[name])
    if reasons:
        differ("reasons", reasons, fact.get("reasons"))
    message = "thread function %s: %s, %s: %s" % (fact["name"], fact.get("loop"),
                                                   fact.get("verdict"),
                                                   "; ".join(fact.get("reasons", [])))
    lines = [r for r in reports if r.startswith("%s:%d:" % (fact["file"], fact["line"]))
             and (" thread function %s:" % fact["name"]) in r]
    if reported and not any(r.endswith(message) for r in lines):
        problems.append("%s: no report line '... %s'" % (key, message))
    if not reported and lines:
        problems.append("%s: reported, expected no report line: %s" % (key, lines[0]))
    return problems


def check(exp: Expectations, facts: List[dict], reports: List[str]) -> List[str]:
    """Every difference between the expectations and the detector's facts and report
    lines of one fixture ([] when they agree)."""
    problems: List[str] = []
    if exp.nothing:
        if facts or reports:
            problems.append("expected nothing, got %d facts and %d report lines"
                            % (len(facts), len(reports)))
        return problems
    threadfns = [f for f in facts if f.get("kind") == "threadfn"]
    counts: Dict[str, int] = {}
    for fact in threadfns:
        counts[fact["name"]] = counts.get(fact["name"], 0) + 1
    seen = set()
    for fact in threadfns:
        key = fact["name"] if counts[fact["name"]] == 1 else \
            "%s@%d" % (fact["name"], fact["line"])
        seen.add(key)
        if key not in exp.functions:
            problems.append("%s: described by the detector, not in the header" % key)
            continue
        problems += _check_function(key, exp.functions[key], exp.reasons.get(key, []),
                                    fact, reports)
    for key in sorted(set(exp.functions) - seen):
        problems.append("%s: in the header, not described by the detector" % key)

    creates = {f["line"]: f for f in facts if f.get("kind") == "create"}
    for line in sorted(set(creates) | set(exp.creates)):
        fact, want = creates.get(line), exp.creates.get(line)
        if fact is None or want is None:
            problems.append("create at line %d: %s" % (line, "not found by the detector"
                                                       if fact is None else
                                                       "not in the header"))
            continue
        got = [fact["creator"], fact["arg"], fact["arg_kind"]]
        if fact.get("via"):
            got += ["via", fact["via"]]
        if fact.get("param_index") is not None:
            got += ["param", str(fact["param_index"])]
        if fact.get("thread_kind") == "svc":
            got.append("svc")
        if got != want:
            problems.append("create at line %d is %s, expected %s"
                            % (line, " ".join(got), " ".join(want)))
    smpboot = {f["line"]: [f["struct"], f["thread_fn"], f["thread_comm"]]
               for f in facts if f.get("kind") == "smpboot"}
    if smpboot != exp.smpboot:
        problems.append("smpboot facts %s, expected %s" % (smpboot, exp.smpboot))
    helpers = {f["name"] for f in facts if f.get("kind") == "stop_helper"}
    if helpers != exp.stop_helpers:
        problems.append("stop helpers %s, expected %s" % (sorted(helpers),
                                                          sorted(exp.stop_helpers)))
    loops = {f["name"]: f["waits"] for f in facts if f.get("kind") == "stop_loop"}
    if loops != exp.stop_loops:
        problems.append("stop loops %s, expected %s" % (loops, exp.stop_loops))
    unknown = {f.get("kind") for f in facts} - set(KINDS)
    if unknown:
        problems.append("facts of kinds the header format does not know: %s"
                        % sorted(unknown))
    return problems
