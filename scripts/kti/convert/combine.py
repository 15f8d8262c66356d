# SPDX-License-Identifier: GPL-2.0
"""Thread functions whose conversions change a common file become one unit.

Each thread function is first converted alone, against the tree.  Conversions sharing a file
cannot be applied one after the other (each patch expects the original file), so in order,
each member whose files an earlier member changed is made again on the texts those left
(the others keep their single rewrite): one patch, one commit.  A
member that cannot be converted on top of the others is refused alone, with the reason; the
others stay together.
"""
import dataclasses
from typing import Dict, List, Optional

from . import checks, patch, sites
from .model import Conversion, Outcome, Reason, Refusal
from .plan import Context, Rewrite, refused, rewrite

#: Inventory fields of a thread function that hold a line of its file.
LINE_FIELDS = ("line", "end_line", "loop_line")


def groups(conversions: List[Conversion]) -> List[List[Conversion]]:
    """Converted units in groups of those sharing a file (transitively), inventory order."""
    converted = [c for c in conversions if c.outcome is Outcome.CONVERTED]
    owner: Dict[str, int] = {}
    parent = list(range(len(converted)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, conv in enumerate(converted):
        for path in conv.files:
            if path in owner:
                parent[root(i)] = root(owner[path])
            else:
                owner[path] = i
    by_root: Dict[int, List[Conversion]] = {}
    for i, conv in enumerate(converted):
        by_root.setdefault(root(i), []).append(conv)
    return list(by_root.values())


def relocated(tf: dict, text: str) -> dict:
    """tf with the lines of its definition where text has them (an earlier rewrite of the
    file moved it; the function itself is unchanged, its parse checks that)."""
    at = checks.definition_head(text, tf["name"])
    if at is None:
        raise Refusal(Reason.SELF_CHECK, "%s() not found after the conversions sharing %s"
                      % (tf["name"], tf["file"]))
    shift = at[0] - tf["line"]
    moved = {key: tf[key] + shift for key in LINE_FIELDS if tf.get(key) is not None}
    return dict(tf, col=at[1], **moved)


def _check_unique(ctx: Context, tf: dict) -> None:
    """The definition found by name must be tf's own (not another #if branch's)."""
    at = checks.definition_head(ctx.read(tf["file"]), tf["name"])
    if at != (tf["line"], tf["col"]):
        raise Refusal(Reason.LAYOUT, "%s() is defined more than once in %s"
                      % (tf["name"], tf["file"]))


def _merge_facts(members: List[Rewrite]) -> dict:
    """One facts dict in the keys of a single conversion (freezable_before: all were);
    per-function words name the function, and "members" keeps each one's own facts."""
    first = members[0].facts
    name = {id(m): m.tf["name"] for m in members}

    def each(key: str) -> List[str]:
        return ["%s(): %s" % (name[id(m)], item) for m in members for item in m.facts[key]]

    def union(key: str) -> List:
        seen: List = []
        for m in members:
            seen += [item for item in m.facts.get(key, []) if item not in seen]
        return seen

    fits = [m.facts["kthread_worker_fit"] for m in members]
    return dict(
        first,
        freezable_before=all(m.facts["freezable_before"] for m in members),
        rule="; ".join("%s(): %s" % (name[id(m)], m.facts["rule"]) for m in members),
        flags=union("flags"),
        checkpoints_moved=each("checkpoints_moved"),
        behaviour_changes=each("behaviour_changes"),
        ctx_fields=each("ctx_fields"),
        locals={"%s:%s" % (name[id(m)], k): v for m in members
                for k, v in m.facts["locals"].items()},
        exits=[dict(e, function=name[id(m)]) for m in members for e in m.facts["exits"]],
        sleeps_kept=union("sleeps_kept"),
        risk_flags=union("risk_flags"),
        tidied=union("tidied"),
        tidied_braces=sorted(union("tidied_braces")),
        creation_sites=[s for m in members for s in m.facts["creation_sites"]],
        kthread_worker_fit={"fit": all(f["fit"] for f in fits),
                            "why": "; ".join("%s(): %s" % (name[id(m)], f["why"])
                                             for m, f in zip(members, fits))},
        spatch_commands=[c for m in members for c in m.commands],
        kthread_stop_calls={k: v for m in members
                            for k, v in m.facts["kthread_stop_calls"].items()},
        members={m.tf["id"]: m.facts for m in members},
    )


def _together(ctx: Context, tfs: List[dict], alone: List[Conversion]
              ) -> Dict[str, Conversion]:
    """unit id -> what replaces the single conversion of each member."""
    out: Dict[str, Conversion] = {}
    current: Dict[str, str] = {}
    done: List[Rewrite] = []
    for tf, single in zip(tfs, alone):
        made = ctx.rewrites[tf["id"]]
        try:
            _check_unique(ctx, tf)
            if current.keys() & made.old.keys():
                # Made again on the texts the members before it left; the names its
                # single conversion chose are free again for this one.
                ctx.words.chosen.difference_update(single.facts["names"].values())
                step = dataclasses.replace(ctx, texts={**ctx.texts, **current})
                text = step.read(tf["file"])
                made = rewrite(step, relocated(tf, text) if tf["file"] in current else tf)
                made.record = dict(made.record, def_start=single.record["def_start"])
        except Refusal as err:
            out[tf["id"]] = refused(tf, Refusal(err.reason, "together with %s: %s" % (
                ", ".join(d.tf["name"] + "()" for d in done), err.words)))
            continue
        current.update(made.changed)
        done.append(made)
    if not done:
        return out
    info = _merge_facts(done)
    originals = {p: ctx.read(p) for p in current}
    merged = Conversion(
        unit_id=done[0].tf["id"], thread_functions=tuple(m.tf["id"] for m in done),
        outcome=Outcome.CONVERTED, reason=None, patch=patch.series(originals, current),
        files=tuple(sorted(current)), record={"members": [m.record for m in done]},
        facts=info, spatch_commands=tuple(info["spatch_commands"]),
        semantic_patches=(sites.COCCI,))
    out[done[0].tf["id"]] = merged
    return out


def combine(ctx: Context, tfs: List[dict], conversions: List[Conversion]
            ) -> List[Conversion]:
    """conversions with every group sharing a file made into one unit (in the place of its
    first member); members converted together are not listed again."""
    by_id = {tf["id"]: tf for tf in tfs}
    replacing: Dict[str, Optional[Conversion]] = {}
    for group in groups(conversions):
        if len(group) < 2:
            continue
        made = _together(ctx, [by_id[c.unit_id] for c in group], group)
        for conv in group:
            replacing[conv.unit_id] = made.get(conv.unit_id)
    out = []
    for conv in conversions:
        if conv.unit_id not in replacing:
            out.append(conv)
        elif replacing[conv.unit_id] is not None:
            out.append(replacing[conv.unit_id])
    return out
