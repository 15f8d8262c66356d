# SPDX-License-Identifier: GPL-2.0
"""The inventory: everything one scan found, and its JSON form (schema_version 2).

inventory.json is the source for every other report and for later tools (the conversion
driver reads it to pick files), so its layout is versioned and documented in
scripts/kti/README.md.  Bump SCHEMA_VERSION on any incompatible change.  The JSON holds no
timings and no absolute paths, so re-scanning an unchanged tree reproduces it byte for byte.
"""
import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Dict, List

from .creators import Declaration
from .crosscheck import CrossCheck
from .model import (RESOLVED, CreationSite, Failure, GrepDifference, ThreadFunction,
                    WrapperCall)
from .unparsed import UNPARSED

SCHEMA_VERSION = 2
VERDICTS = ("auto", "care", "manual", "smpboot")
FAILURE_PREFIX = "kti-scan could not check this file"


@dataclass
class Inventory:
    """One scan of one tree with one detector."""
    tree_name: str
    tree_head: str
    cocci: str
    cocci_sha256: str
    spatch_version: str
    files_prefiltered: int
    files_second_phase: List[str]
    thread_functions: List[ThreadFunction]
    creation_sites: List[CreationSite]
    wrapper_calls: List[WrapperCall]
    api_internal_calls: int
    failures: List[Failure]
    crosscheck: CrossCheck
    #: coccicheck lines of the detector, "file:line:col-col: message", sorted.
    report_lines: List[str] = field(default_factory=list)
    #: Files git does not track (and does not ignore) that were searched like tracked ones.
    files_untracked: List[str] = field(default_factory=list)
    #: The creators as the tree declares them (where the thread function is passed).
    creators: List[Declaration] = field(default_factory=list)

    # ----- derived numbers ---------------------------------------------------------------
    @property
    def tied_functions(self) -> List[ThreadFunction]:
        return [t for t in self.thread_functions if t.tied]

    @property
    def resolved_sites(self) -> List[CreationSite]:
        return [s for s in self.creation_sites if s.status == RESOLVED]

    @property
    def unresolved_sites(self) -> List[CreationSite]:
        return [s for s in self.creation_sites if s.status != RESOLVED]

    def verdict_counts(self) -> Dict[str, int]:
        counts = Counter(t.verdict for t in self.tied_functions)
        return {v: counts.get(v, 0) for v in VERDICTS} | {
            v: n for v, n in counts.items() if v not in VERDICTS}

    def subsystem_counts(self) -> Dict[str, Dict[str, int]]:
        table: Dict[str, Dict[str, int]] = {}
        for tfn in self.tied_functions:
            row = table.setdefault(tfn.subsystem, {v: 0 for v in VERDICTS})
            row[tfn.verdict] = row.get(tfn.verdict, 0) + 1
        return dict(sorted(table.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])))

    def reason_counts(self) -> List[tuple]:
        """(reason, thread functions) over care/manual ones, most common first.

        Names are generalised ("keeps 'ret' across iterations" and "keeps 'err' ..." count
        as one reason), and a function counts once per reason.
        """
        counts = Counter(reason for t in self.tied_functions if t.verdict in ("care", "manual")
                         for reason in {generalise_reason(r) for r in t.reasons})
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    def unresolved_reason_counts(self) -> List[tuple]:
        counts = Counter(_reason_kind(s.reason or "") for s in self.unresolved_sites)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    def accounting(self) -> Dict[str, int]:
        return {
            "creation_sites": len(self.creation_sites),
            "resolved": len(self.resolved_sites),
            "unresolved": len(self.unresolved_sites),
            "wrapper_calls": len(self.wrapper_calls),
            "thread_functions": len(self.tied_functions),
            "untied_candidates": len(self.thread_functions) - len(self.tied_functions),
            "failed_files": len(self.failures),
            "api_internal_calls": self.api_internal_calls,
        }

    # ----- JSON ------------------------------------------------------------------------
    def to_json(self) -> dict:
        check = self.crosscheck
        return {
            "schema_version": SCHEMA_VERSION,
            "generator": "kthread-iterant scripts/kti-scan",
            "tree": {"name": self.tree_name, "head": self.tree_head},
            "detector": {"cocci": self.cocci, "sha256": self.cocci_sha256,
                         "spatch_version": self.spatch_version},
            "scan": {"files_prefiltered": self.files_prefiltered,
                     "files_second_phase": self.files_second_phase,
                     "files_untracked": self.files_untracked},
            "creators": [{"name": d.name, "declared_at": d.where, "threadfn_arg": d.threadfn,
                          "arity": d.arity, "note": d.note} for d in self.creators],
            "accounting": self.accounting(),
            "counts": {"by_verdict": self.verdict_counts(),
                       "by_subsystem": self.subsystem_counts()},
            "crosscheck": {"grep_hits": check.grep_hits,
                           "api_definitions": check.api_definitions,
                           "matched": check.matched,
                           "differences": [asdict(d) for d in check.differences]},
            "failures": [asdict(f) for f in self.failures],
            "thread_functions": [asdict(t) for t in self.thread_functions],
            "creation_sites": [asdict(s) for s in self.creation_sites],
            "wrapper_calls": [asdict(c) for c in self.wrapper_calls],
        }

    def failure_lines(self) -> List[str]:
        """One coccicheck line per failed file, so failures are never dropped."""
        return [f"{f.file}:1:0-0: {FAILURE_PREFIX}: "
                + (f.message if f.status == UNPARSED else f"spatch {f.status} ({f.message})")
                for f in self.failures]


def generalise_reason(reason: str) -> str:
    """A reason without the names in it: quoted names become 'x', lists in () go."""
    reason = re.sub(r"'[^']*'", "'x'", reason)
    reason = re.sub(r"\s+\([^()]+\)", "", reason)  # "(allow_signal, ...)", not "()"
    reason = re.sub(r"\bgoto \w+", "goto x", reason)
    reason = re.sub(r"\b\d+\b", "N", reason)
    return reason


def _reason_kind(reason: str) -> str:
    """Group unresolved reasons by their shape, not their names."""
    if reason.startswith("wrapper "):
        return "wrapper: " + reason.split("): ", 1)[-1]
    if reason.startswith("thread function comes from a structure field"):
        return "thread function comes from a structure field"
    if reason.startswith("thread function is a computed expression"):
        return "thread function is a computed expression"
    if reason.startswith("no definition of"):
        return "no `int fn(void *)` definition found in the tree"
    if "only defined static" in reason:
        return "defined static in another file"
    if "but spatch could not parse it" in reason:
        return "defined in the tree, but spatch could not parse it"
    if "but the detector did not describe it" in reason:
        return ("defined in the tree, but the detector did not describe it (spatch could not "
                "parse it, or reads a parameter named like __unused as an attribute)")
    if "; " in reason and reason.startswith("in "):
        return reason.split("; ")[0] + "; " + _reason_kind(reason.split("; ", 1)[1])
    return reason


def dump_json(inventory: Inventory) -> str:
    return json.dumps(inventory.to_json(), indent=1, sort_keys=False) + "\n"


def from_json(data: dict) -> Inventory:
    """The Inventory an inventory.json holds (report_lines are not in it: left empty)."""
    if data.get("schema_version") != SCHEMA_VERSION:
        raise ValueError(f"inventory schema_version {data.get('schema_version')!r}, "
                         f"this code reads {SCHEMA_VERSION}")
    check = data["crosscheck"]
    return Inventory(
        tree_name=data["tree"]["name"], tree_head=data["tree"]["head"],
        cocci=data["detector"]["cocci"], cocci_sha256=data["detector"]["sha256"],
        spatch_version=data["detector"]["spatch_version"],
        files_prefiltered=data["scan"]["files_prefiltered"],
        files_second_phase=list(data["scan"]["files_second_phase"]),
        thread_functions=[ThreadFunction(**t) for t in data["thread_functions"]],
        creation_sites=[CreationSite(**s) for s in data["creation_sites"]],
        wrapper_calls=[WrapperCall(**c) for c in data["wrapper_calls"]],
        api_internal_calls=data["accounting"]["api_internal_calls"],
        failures=[Failure(**f) for f in data["failures"]],
        crosscheck=CrossCheck(grep_hits=check["grep_hits"],
                              api_definitions=check["api_definitions"],
                              matched=check["matched"],
                              differences=[GrepDifference(**d) for d in check["differences"]]))
