# SPDX-License-Identifier: GPL-2.0
"""Read the verified units of conversions.json and the diff of each one.

conversions.json is written by `make convert` (schema_version 1, scripts/kti/README.md);
only units whose verdict is "verified" become patches.  The diff of a unit comes from
conversions.json itself (a verified unit's "patch"), from the branch `make convert` wrote
(one commit per verified unit, found by its commit_subject) or, for a hand-written fixture,
from a folder holding one UNIT-STEM.patch per unit.
"""
import json
import re
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

from ..ids import name_of
from .errors import PatchesError
from .gitrepo import git
from .model import Facts, GateResult, GateStatus, Unit, WorkerFit
from .risks import engine_risk

SCHEMA_VERSION = 1
VERIFIED = "verified"
#: Facts keys every verified unit must carry (the engine's, scripts/kti/convert/README.md).
REQUIRED_FACTS = ("freezable_before", "flags", "checkpoints_moved", "behaviour_changes",
                  "risk_flags", "kthread_worker_fit")

DiffOf = Callable[[Dict[str, Any]], str]


def unit_stem(unit_id: str) -> str:
    """drivers/md/dm-delay.c:flush_worker_fn -> drivers-md-dm-delay.c-flush_worker_fn."""
    return re.sub(r"[^A-Za-z0-9_.-]", "-", unit_id)


def _need(obj: Dict[str, Any], key: str, where: str) -> Any:
    if key not in obj:
        raise PatchesError(f"{where}: no {key!r}")
    return obj[key]


def _strings(value: Any, where: str) -> Tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PatchesError(f"{where}: expected a list of strings, got {value!r}")
    return tuple(value)


def parse_facts(facts: Dict[str, Any], where: str) -> Facts:
    """The engine's facts of one unit; every required key must be there."""
    missing = [key for key in REQUIRED_FACTS if key not in facts]
    if missing:
        raise PatchesError(f"{where}: facts lack {', '.join(missing)}")
    fit = facts["kthread_worker_fit"]
    if not isinstance(fit, dict) or not isinstance(fit.get("fit"), bool) or not fit.get("why"):
        raise PatchesError(f"{where}: kthread_worker_fit must be {{fit: bool, why: text}}")
    if not isinstance(facts["freezable_before"], bool):
        raise PatchesError(f"{where}: freezable_before must be true or false")
    timeout = facts.get("timeout")
    members = facts.get("members", {})
    if not isinstance(members, dict):
        raise PatchesError(f"{where}: members must map thread function ids to facts")
    return Facts(
        members=tuple((name_of(tf), parse_facts(member, f"{where}: member {tf}"))
                      for tf, member in members.items()),
        freezable_before=facts["freezable_before"],
        flags=_strings(facts["flags"], f"{where}: flags"),
        checkpoints_moved=_strings(facts["checkpoints_moved"], f"{where}: checkpoints_moved"),
        behaviour_changes=_strings(facts["behaviour_changes"], f"{where}: behaviour_changes"),
        risks=tuple(engine_risk(r, f"{where}: risk_flags") for r in facts["risk_flags"]),
        worker_fit=WorkerFit(fit["fit"], str(fit["why"])),
        timeout=None if timeout is None else str(timeout),
        ctx_fields=_strings(facts.get("ctx_fields", []), f"{where}: ctx_fields"),
        tidied=_strings(facts.get("tidied", []), f"{where}: tidied"),
        tidied_braces=_strings(facts.get("tidied_braces", []), f"{where}: tidied_braces"))


def _gate(obj: Dict[str, Any], titles: Dict[int, str], where: str) -> GateResult:
    number = int(_need(obj, "gate", where))
    try:
        status = GateStatus(_need(obj, "status", where))
    except ValueError:
        raise PatchesError(f"{where}: gate {number} has an unknown status "
                           f"{obj['status']!r}") from None
    return GateResult(number, titles.get(number, f"check {number}"), status,
                      str(obj.get("detail", "")))


def load(path: Path) -> Dict[str, Any]:
    """conversions.json, checked for the schema this code reads."""
    try:
        data = json.loads(path.read_text())
    except OSError as err:
        raise PatchesError(f"cannot read {path}: {err.strerror} (run make convert first)") \
            from None
    except ValueError as err:
        raise PatchesError(f"{path} is not JSON: {err}") from None
    if data.get("schema_version") != SCHEMA_VERSION:
        raise PatchesError(f"{path}: schema_version {data.get('schema_version')!r}, "
                           f"this code reads {SCHEMA_VERSION}")
    return data


def verified_units(data: Dict[str, Any], diff_of: DiffOf, source: str) -> List[Unit]:
    """The verified units in unit-id order, each with its diff; every gate must have passed."""
    titles = {int(g["number"]): str(g["title"]) for g in data.get("gates", [])}
    units = []
    for obj in sorted(_need(data, "units", source), key=lambda u: u["unit_id"]):
        if obj.get("verdict") != VERIFIED:
            continue
        where = f"{source}: unit {obj['unit_id']}"
        gates = tuple(_gate(g, titles, where) for g in _need(obj, "gates", where))
        failed = [g.number for g in gates if g.status != GateStatus.PASS]
        if failed or not gates:
            raise PatchesError(f"{where}: verdict verified but checks {failed} did not pass")
        files = _strings(_need(obj, "files", where), f"{where}: files")
        diff = diff_of(obj)
        touched = sorted(set(re.findall(r"(?m)^diff --git a/(\S+) b/", diff)))
        if touched != sorted(files):
            raise PatchesError(f"{where}: its diff changes {touched}, conversions.json says "
                               f"{sorted(files)}")
        units.append(Unit(
            unit_id=obj["unit_id"],
            thread_functions=_strings(_need(obj, "thread_functions", where), where),
            files=files, diff=diff,
            facts=parse_facts(_need(obj, "facts", where), where), gates=gates,
            semantic_patches=_strings(obj.get("semantic_patches", []), where),
            spatch_commands=_strings(obj.get("spatch_commands", []), where),
            configs=dict(obj.get("configs") or {})))
    return units


def report_has_patches(document: Dict[str, Any]) -> bool:
    """Whether every verified unit of conversions.json carries its diff."""
    verified = [u for u in document.get("units", []) if u.get("verdict") == VERIFIED]
    return bool(verified) and all(u.get("patch") for u in verified)


def diff_from_report(obj: Dict[str, Any]) -> str:
    """A verified unit's diff as conversions.json holds it."""
    if not obj.get("patch"):
        raise PatchesError(f"unit {obj['unit_id']}: conversions.json holds no patch for it")
    return str(obj["patch"])


def diffs_from_folder(folder: Path) -> DiffOf:
    """Diffs of a hand-written fixture: folder/UNIT-STEM.patch per unit."""
    def diff_of(obj: Dict[str, Any]) -> str:
        path = folder / (unit_stem(obj["unit_id"]) + ".patch")
        try:
            return path.read_text()
        except OSError:
            raise PatchesError(f"no diff for unit {obj['unit_id']}: {path} missing") from None
    return diff_of


def diffs_from_branch(repo: Path, branch: str) -> DiffOf:
    """Diffs of the commits of `make convert`'s branch, found by commit_subject."""
    try:
        git(repo, "rev-parse", "--verify", "--quiet", f"{branch}^{{commit}}")
    except PatchesError:
        raise PatchesError(f"no branch {branch} in {repo}: run make convert first, or pass "
                           "--branch") from None
    log = git(repo, "log", "--format=%H%x00%s", branch, "--")
    by_subject: Dict[str, List[str]] = {}
    for line in log.splitlines():
        sha, _, subject = line.partition("\0")
        by_subject.setdefault(subject, []).append(sha)

    def diff_of(obj: Dict[str, Any]) -> str:
        subject = obj.get("commit_subject")
        shas = by_subject.get(subject or "", [])
        if len(shas) != 1:
            raise PatchesError(f"unit {obj['unit_id']}: {len(shas)} commits on {branch} with "
                               f"subject {subject!r}, expected one")
        return git(repo, "diff", "--no-color", "--no-ext-diff", "--full-index",
                    f"{shas[0]}^", shas[0])
    return diff_of

