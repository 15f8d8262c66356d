# SPDX-License-Identifier: GPL-2.0
"""conversions.json and conversions.md: what `make convert` converted, verified and refused.

The JSON (schema_version 1, documented in scripts/kti/README.md) holds no timings, no
absolute paths and no commit ids (those carry the time and the person of a run), so an
unchanged tree, series and toolchain give the same bytes.  Both files are written
atomically, one by one, beside the inventory; nothing else in the folder is touched.
"""
import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from ..report_markdown import _table
from .model import Gate, Status, Unit, UnitResult, Verdict

SCHEMA_VERSION = 1
GENERATOR = "kthread-iterant scripts/kti-convert-tree"
#: Loop shapes that are not a stop-checked main loop (and smpboot/svc threads): the rest
#: is the yield's denominator.
NOT_STOP_CHECKED = frozenset(("one-shot", "infinite-without-stop-check", "smpboot"))


@dataclass
class ConvertReport:
    """Everything a report needs, already computed by the run."""

    tree_name: str
    tree_head: str
    series: Sequence[str]
    base_fingerprint: str
    branch: Optional[str]
    toolchain: Dict[str, str]
    inventory: Dict[str, Any]
    units: Sequence[Unit]
    results: Dict[str, UnitResult]
    subjects: Dict[str, str]
    reason_kinds: Dict[str, str]


def stop_checked(inventory: Dict[str, Any]) -> List[str]:
    """Ids of the thread functions with a stop-checked main loop (the yield's denominator)."""
    return sorted(t["id"] for t in inventory["thread_functions"]
                  if t.get("tied", True) and t["kind"] == "kthread"
                  and t["loop"] not in NOT_STOP_CHECKED)


def _unit_json(report: ConvertReport, unit: Unit) -> Dict[str, Any]:
    result = report.results[unit.unit_id]
    compile_gate = result.gate(Gate.COMPILE)
    return {
        "unit_id": unit.unit_id,
        "thread_functions": list(unit.thread_functions),
        "files": list(unit.files),
        "verdict": result.verdict.value,
        "reason": result.reason,
        "reason_kind": report.reason_kinds.get(unit.unit_id),
        "gates": [g.to_json() for g in sorted(result.gates, key=lambda g: g.gate)],
        "configs": (compile_gate.data.get("configs", {}) if compile_gate else {}),
        "commit_subject": report.subjects.get(unit.unit_id),
        "semantic_patches": list(unit.semantic_patches),
        "spatch_commands": list(unit.spatch_commands),
        "facts": unit.facts,
        # The -p1 diff against BASE of a verified unit, so that the report alone reproduces
        # it (boot-test-converted and make patches need no branch).
        "patch": unit.patch if result.verdict is Verdict.VERIFIED else "",
    }


def counts(report: ConvertReport) -> Dict[str, Any]:
    verdicts = Counter(report.results[u.unit_id].verdict for u in report.units)
    denominator = stop_checked(report.inventory)
    verified_fns = sorted({tf for u in report.units
                           if report.results[u.unit_id].verdict == Verdict.VERIFIED
                           for tf in u.thread_functions})
    numerator = [tf for tf in verified_fns if tf in set(denominator)]
    failed_checks = Counter()
    for unit in report.units:
        failure = report.results[unit.unit_id].first_failure()
        if failure is not None and report.results[unit.unit_id].refused is None:
            failed_checks[str(int(failure.gate))] += 1
    refusals = Counter(report.reason_kinds.get(u.unit_id) or "unspecified"
                       for u in report.units if report.results[u.unit_id].refused is not None)
    by_config = Counter()
    for unit in report.units:
        compile_gate = report.results[unit.unit_id].gate(Gate.COMPILE)
        if compile_gate is not None and compile_gate.status != Status.NOT_RUN:
            for arch in compile_gate.data.get("configs", {}).values():
                by_config[arch] += 1
    compile_tested = sum(1 for u in report.units
                         if (g := report.results[u.unit_id].gate(Gate.COMPILE)) is not None
                         and g.status in (Status.PASS, Status.FAIL))
    return {
        "thread_functions": len(report.inventory["thread_functions"]),
        "stop_checked": len(denominator),
        "units": len(report.units),
        "by_verdict": {v.value: verdicts.get(v, 0) for v in Verdict},
        "yield": {"numerator": len(numerator), "denominator": len(denominator),
                  "percent": round(100.0 * len(numerator) / len(denominator), 1)
                  if denominator else 0.0},
        "verified_outside_denominator": len(verified_fns) - len(numerator),
        "failed_checks": dict(sorted(failed_checks.items())),
        "refusal_reasons": dict(sorted(refusals.items(), key=lambda kv: (-kv[1], kv[0]))),
        "compile_tested": compile_tested,
        "not_compile_tested": verdicts.get(Verdict.NOT_COMPILE_TESTED, 0),
        "files_by_config": dict(sorted(by_config.items())),
    }


def to_json(report: ConvertReport) -> str:
    data = {
        "schema_version": SCHEMA_VERSION,
        "generator": GENERATOR,
        "tree": {"name": report.tree_name, "head": report.tree_head},
        "base": {"series": list(report.series), "fingerprint": report.base_fingerprint},
        "branch": report.branch,
        "toolchain": report.toolchain,
        "gates": [{"number": int(g), "title": g.title} for g in Gate],
        "counts": counts(report),
        "units": [_unit_json(report, u) for u in sorted(report.units, key=lambda u: u.unit_id)],
    }
    return json.dumps(data, indent=1, sort_keys=False, default=str) + "\n"


def to_markdown(report: ConvertReport) -> str:
    c = counts(report)
    y = c["yield"]
    lines = [f"# Conversions of {report.tree_name}", "",
             f"Tree HEAD `{report.tree_head[:12]}` plus the series ({len(report.series)} "
             f"patches); branch `{report.branch or 'not written'}`, one commit per verified "
             "unit.  Generated by `scripts/kti-convert-tree` (`make convert`); raw data in "
             "conversions.json (schema in scripts/kti/README.md).", "",
             "## Yield", "",
             f"**{y['percent']}%**: {y['numerator']} thread functions converted and verified "
             f"by all five checks, of {y['denominator']} with a stop-checked main loop (every "
             "loop shape but one-shot and infinite-without-stop-check; smpboot and svc threads "
             f"left out).  {c['thread_functions']} thread functions in the inventory.", "",
             "## Units", ""]
    lines += _table(["verdict", "units"], [[k, v] for k, v in c["by_verdict"].items()])
    lines += ["", "A unit is one thread function, or several that must change together.  "
              "Not compile-tested units passed every other check but no configuration here "
              "builds their file unconverted: they are not emitted.", "",
              "## Failed checks (first failing check of each failed unit)", ""]
    lines += _table(["check", "what it verifies", "units"],
                    [[g, Gate(int(g)).title, n] for g, n in c["failed_checks"].items()]
                    or [["-", "none", 0]])
    lines += ["", "## Refusals by reason", ""]
    lines += _table(["reason", "units"], [[k, v] for k, v in c["refusal_reasons"].items()]
                    or [["none", 0]])
    lines += ["", "## Compile testing", "",
              f"- compile-tested units: **{c['compile_tested']}**; not compile-tested: "
              f"**{c['not_compile_tested']}**", ""]
    lines += _table(["configuration", "files built"],
                    [[f"{k} allmodconfig", v] for k, v in c["files_by_config"].items()]
                    or [["none", 0]])
    lines += ["", "## Every unit", ""]
    rows = []
    for unit in sorted(report.units, key=lambda u: u.unit_id):
        result = report.results[unit.unit_id]
        compile_gate = result.gate(Gate.COMPILE)
        configs = ", ".join(sorted(set(compile_gate.data.get("configs", {}).values()))) \
            if compile_gate else ""
        rows.append([f"`{unit.unit_id}`", result.verdict.value, configs or "-",
                     (result.reason or report.subjects.get(unit.unit_id, ""))[:200]])
    lines += _table(["unit", "verdict", "built in", "commit subject or reason"], rows)
    return "\n".join(lines) + "\n"


#: The files kti-convert-tree writes into --out.
REPORT_FILES = ("conversions.json", "conversions.md")


def written_by_us(path: Path) -> bool:
    """Whether path is a conversions report kti-convert-tree wrote (its generator or the
    markdown's "Generated by" line near the top)."""
    try:
        with path.open(errors="replace") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return GENERATOR in head or "Generated by `scripts/kti-convert-tree`" in head


def write_atomically(directory: Path, files: Dict[str, str]) -> None:
    """Write each file through a temporary file and os.replace(); touch nothing else."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}.")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.chmod(tmp, 0o644)
            os.replace(tmp, directory / name)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
