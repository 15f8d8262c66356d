# SPDX-License-Identifier: GPL-2.0
"""One conversion unit from start to end: read, decide, write, rewrite the creation sites,
check, diff.  Any step that cannot be exact raises Refusal and the unit is emitted empty."""
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

from .. import ctext
from ..spatch import Spatch
from . import (anatomy, checks, emit, facts, hazards, macrouse, names, owner, patch, sites,
               state, stophelper, stringify, tidy, torture)
from .model import Conversion, Outcome, Reason, Refusal

CANDIDATE_LOOPS = ("while-not-should-stop", "infinite-with-stop-check", "do-while",
                   "freezable-should-stop", "custom-stop-predicate", "stop-in-helper",
                   "wait-for-stop-tail")


def has_stop_loop(tf: dict) -> bool:
    return tf.get("kind") == "kthread" and tf.get("loop") in CANDIDATE_LOOPS


def is_candidate(tf: dict) -> bool:
    """A thread function some creation site starts, with a stop-checked main loop (the
    yield's denominator)."""
    return has_stop_loop(tf) and tf.get("tied", True)


@dataclass
class Context:
    """What every unit of one run shares."""
    tree: Path
    inventory: dict
    spatch: Spatch
    words: Optional[names.TreeWords] = None             # names of the tree (names.py)
    texts: Dict[str, str] = field(default_factory=dict)
    parse_check: bool = True
    #: thread function id -> its rewrite on the tree's texts (combine.py reuses it)
    rewrites: Dict[str, "Rewrite"] = field(default_factory=dict)
    #: thread function id -> why it is left out (its own conversion fails a check)
    held_back: Dict[str, str] = field(default_factory=dict)

    def read(self, path: str) -> str:
        if path not in self.texts:
            try:
                self.texts[path] = (self.tree / path).read_text(encoding="latin-1")
            except OSError:
                self.texts[path] = ""
        return self.texts[path]

    def sites_of(self, tf: dict) -> List[dict]:
        by_id = {s["id"]: s for s in self.inventory.get("creation_sites", [])}
        return [by_id[i] for i in tf.get("creation_sites", []) if i in by_id]


def refused(tf: dict, err: Refusal, candidate: bool = True) -> Conversion:
    return Conversion(unit_id=tf["id"], thread_functions=(tf["id"],), outcome=Outcome.REFUSED,
                      reason=err.words, patch="", files=(), record={},
                      facts={"candidate": candidate}, reason_kind=err.reason.name)


def convert(ctx: Context, tf: dict) -> Conversion:
    if not has_stop_loop(tf):
        reason = Reason.NOT_A_KTHREAD if tf.get("kind") != "kthread" else Reason.NO_STOP_LOOP
        return refused(tf, Refusal(reason, tf.get("loop") or ""), candidate=False)
    if not is_candidate(tf):
        return refused(tf, Refusal(Reason.NO_CREATION_SITE, "no creation site starts it by "
                                   "name"), candidate=False)
    if tf["id"] in ctx.held_back:
        return refused(tf, Refusal(Reason.HELD_BACK, ctx.held_back[tf["id"]]))
    try:
        return _convert(ctx, tf)
    except Refusal as err:
        return refused(tf, err)


def _creation_sites(ctx: Context, tf: dict) -> List[dict]:
    sites_ = ctx.sites_of(tf)
    if tf.get("wrapper_calls"):
        calls = {w["id"]: w for w in ctx.inventory.get("wrapper_calls", [])}
        if any(w not in calls for w in tf["wrapper_calls"]):
            raise Refusal(Reason.WRAPPER, "%s()" % "(), ".join(sorted(tf["wrapper_calls"])))
        inner = [s for s in sites_ if torture.is_inner_site(s)]
        sites_ = [s for s in sites_ if not torture.is_inner_site(s)] + torture.creation_sites(
            [calls[w] for w in tf["wrapper_calls"]], inner, tf["name"], ctx.read)
    if not sites_:
        raise Refusal(Reason.NO_CREATION_SITE)
    for site in sites_:
        if site.get("torture"):
            continue
        if site.get("wrapper"):
            raise Refusal(Reason.WRAPPER, "%s() at %s" % (site["wrapper"], site["id"]))
        if site.get("arg_kind") != "function" or site.get("thread_kind") != "kthread":
            raise Refusal(Reason.FUNCTION_POINTER, "%s at %s" % (site.get("arg"), site["id"]))
    return sites_


def _zero_macros(ctx: Context, text: str, anat: anatomy.Anatomy) -> Dict[str, str]:
    """The declaration macros before the loop that declare a zeroed struct, from the
    file's own #defines or those of the <headers> it includes (include/ of the tree)."""
    fn = anat.fn
    used = {fn.toks[n.start].text for n in anat.pre if n.kind == "simple" and
            state.DECL_MACRO.match(fn.toks[n.start].text)}
    if not used:
        return {}
    macros = dict(fn.macros)
    for header in re.findall(r"(?m)^[ \t]*#[ \t]*include[ \t]*<([^>]+)>", text):
        for name, macro in ctext.read_macros(ctx.read("include/" + header)).items():
            macros.setdefault(name, macro)
    return {name: kind for name in sorted(used)
            for kind in [state.zero_declaration(macros.get(name))] if kind}


def _lost_values(anat: anatomy.Anatomy) -> List[Optional[str]]:
    """Return values kthread_stop() no longer sees: those of returns inside and after the
    loop (returns before it become init's)."""
    values = [j.value for j in anat.jumps if j.kind is anatomy.ExitKind.RETURN]
    for node in anat.post_returns + ([anat.final_return] if anat.final_return else []):
        words = anat.fn.texts(node.start + 1, node.end)
        values.append(" ".join(words) or None)
    return values


@dataclass
class Rewrite:
    """One thread function rewritten: every file it touches, before and after."""
    tf: dict
    old: Dict[str, str]
    new: Dict[str, str]
    record: dict
    facts: dict
    commands: List[str]

    @property
    def changed(self) -> Dict[str, str]:
        return {p: t for p, t in self.new.items() if t != self.old[p]}


def _convert(ctx: Context, tf: dict) -> Conversion:
    done = rewrite(ctx, tf)
    ctx.rewrites[tf["id"]] = done
    changed = done.changed
    return Conversion(unit_id=tf["id"], thread_functions=(tf["id"],),
                      outcome=Outcome.CONVERTED, reason=None,
                      patch=patch.series({p: done.old[p] for p in changed}, changed),
                      files=tuple(sorted(changed)), record=done.record, facts=done.facts,
                      spatch_commands=tuple(done.commands),
                      semantic_patches=(sites.COCCI,))


def rewrite(ctx: Context, tf: dict) -> Rewrite:
    """The texts of tf's conversion, read through ctx (which may hold earlier rewrites of
    the same files); raises Refusal."""
    path = tf["file"]
    text = ctx.read(path)
    if not text:
        raise Refusal(Reason.FUNCTION_HEAD, "cannot read %s" % path)
    helper = stophelper.stop_helper(tf, path, text, ctx.read)
    waits: Dict[str, Optional[List[str]]] = {}

    def waits_for_stop(name: str) -> Optional[List[str]]:
        if name not in waits:
            waits[name] = stophelper.waits_for_stop(tf, path, text, name, ctx.read)
        return waits[name]

    def tests_stop(name: str) -> bool:
        return stophelper.tests_stop(tf, path, text, name, ctx.read)

    anat = anatomy.Reader(path, text, tf, helper, waits_for_stop, tests_stop).read()
    hazards.check_all(anat)
    st = state.decide(anat, macrouse.read(path, text, ctx.read), _zero_macros(ctx, text, anat))
    site_list = _creation_sites(ctx, tf)
    own = owner.find_owner(ctx.tree, site_list, ctx.read)
    owner.check_owner(anat.ends_on_its_own(), _lost_values(anat), own)
    fn_words = {t.text for t in anat.toks} | set(anat.fn.macros)
    chosen = names.choose(anat.name, ctx.words, fn_words)
    if any(s.get("torture") for s in site_list):
        torture.check_description_name(anat.name, chosen.kti)
    written = emit.Writer(anat, st, chosen).build()

    # Files: the definition's, the creation sites', and every file naming the function.
    paths = {path} | {s["file"] for s in site_list}
    if not anat.static:
        paths |= set(ctx.words.files(anat.name))
    old = {p: ctx.read(p) for p in sorted(paths)}
    new, widths = sites.rewrite(ctx.spatch, old, anat.name, chosen.kti)
    sources = stringify.Sources(ctx.tree, path, old[path])
    tidied = tidy.tidy(ctx.tree, written.text, old[path][anat.def_start:anat.def_end],
                       sources, sources.safe(anat.fn.declared() | {chosen.ctx_var}),
                       anat.fn.pointees(chosen.ctx_var))
    new[path] = _replace_function(path, old[path], new[path], anat, tidied.text)
    checks.old_name_gone(new, anat.name)
    checks.parses(path, new[path], [getattr(chosen, r) for r, on in
                                    (("init", written.callbacks["init"]), ("func", True),
                                     ("destroy", written.callbacks["destroy"])) if on])
    if ctx.parse_check:
        at = new[path].index(tidied.text)
        first = new[path].count("\n", 0, at) + 1
        written_lines = {path: (first, first + tidied.text.count("\n"))}
        for p in sorted(new):
            if new[p] != old[p]:
                checks.spatch_parses(ctx.spatch, p, old[p], new[p], written_lines.get(p))
    commands = [sites.command_text(anat.name, chosen.kti, p, widths[p]) for p in sorted(old)]
    site_facts = [{"site": s["id"], "creator": s["creator"], "now": torture.now(s["creator"])}
                  for s in site_list]
    record = dict(written.record, file=path, def_start=anat.def_start)
    info = facts.build(anat, st, chosen, tf, site_facts, commands)
    info["tidied"] = tidied.fixed
    info["tidied_braces"] = tidied.braces
    info["kthread_stop_calls"] = {sid: ["%s:%d%s" % (c.file, c.line, " (result read)"
                                                      if c.read else "")
                                        for c in calls] for sid, calls in own.stops.items()}
    return Rewrite(tf, old, new, record, info, commands)


def _replace_function(path: str, original: str, rewritten: str, anat: anatomy.Anatomy,
                      replacement: str) -> str:
    """The spatch output with the thread function replaced by its conversion; a kernel-doc
    comment right above it becomes a plain comment (it documents a function that is gone)."""
    old_fn = original[anat.def_start:anat.def_end]
    if rewritten.count(old_fn) != 1:
        raise Refusal(Reason.SELF_CHECK, "the thread function changed under spatch in %s"
                      % path)
    at = rewritten.index(old_fn)
    before = rewritten[:at]
    stripped = before.rstrip()
    if stripped.endswith("*/"):
        start = stripped.rfind("/*")
        if stripped[start:start + 3] == "/**":
            before = before[:start] + "/*" + before[start + 3:]
    elif stripped.endswith("}") or stripped.endswith("};"):
        if not before.endswith("\n\n"):
            before += "\n"   # a blank line after the definition above
    return before + replacement + rewritten[at + len(old_fn):]
