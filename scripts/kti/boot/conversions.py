# SPDX-License-Identifier: GPL-2.0
"""The generated conversions a converted kernel carries, taken from the converter's report.

The set is what the scenarios of tests/guest/generated/ declare, one `# kti-unit: ID` header
line per converted thread function (ID as in the inventory: file:function).  Each unit must be
in reports/linux-6.12/conversions.json with the verdict "verified" and a patch; the patches of
those that are go into the converted kernel after the series (one diff file each, in set
order), and every other unit is a failure that names it, so a conversion that stops being
generated fails the run instead of vanishing from it.

What this reads from the report (the rest is ignored): a list of unit records, either the
whole document or under "units"; per record "unit_id", optionally "thread_functions" (a
unit may convert several thread functions together), "verdict" and the -p1 unified diff
against BASE (tree + series) as text in "patch" or, relative to the report, in "patch_file".
The report's ids are file:function:line; a set unit file:function is the record whose
unit_id or one of whose thread_functions is file:function or file:function:LINE, so the
scenarios survive line shifts.  Two such records are an error naming both.  Patches are
applied in the report's order, the order in which the converter's branch commits them, so two
units that change one file apply as they were verified; a record that covers several set
units is applied once.
"""
import enum
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional

from .. import ids
from .errors import RigError

_UNIT_LINE = re.compile(r"^# kti-unit: (\S+)[ \t]*$", re.M)
_UNIT_ID = re.compile(r"^[A-Za-z0-9_./-]+\.[ch]:[A-Za-z_][A-Za-z0-9_]*$")
VERIFIED = "verified"


class State(enum.Enum):
    """Where a unit of the set stands in the report."""

    APPLIED = "verified, patch applied"
    NO_REPORT = "no converter report"
    MISSING = "not in the converter report"
    NOT_VERIFIED = "not verified"
    NO_PATCH = "verified but without a patch"


@dataclass(frozen=True)
class SetUnit:
    """A unit of the set and the scenario that exercises it."""

    unit_id: str
    scenario: str


@dataclass(frozen=True)
class UnitStatus:
    """A unit's state in the report; when APPLIED, patch is the diff of the report record
    at index record (several set units may share one record)."""

    unit: SetUnit
    state: State
    detail: str = ""
    patch: str = ""
    record: int = -1

    def describe(self) -> str:
        extra = f" ({self.detail})" if self.detail else ""
        return f"{self.unit.unit_id}: {self.state.value}{extra}"


def declared_units(directory: Path, scripts: List[Path]) -> List[SetUnit]:
    """The units the scenarios declare, in scenario order; an id declared twice or not of the
    form file:function is an error naming the scenario."""
    units: List[SetUnit] = []
    seen: Dict[str, str] = {}
    for script in scripts:
        for unit_id in _UNIT_LINE.findall(script.read_text()):
            if not _UNIT_ID.match(unit_id):
                raise RigError(f"{script}: kti-unit {unit_id!r} is not file.c:function")
            if unit_id in seen:
                raise RigError(f"{script}: kti-unit {unit_id} already declared by "
                               f"{seen[unit_id]}")
            seen[unit_id] = script.name
            units.append(SetUnit(unit_id, f"{directory.name}/{script.stem}"))
    return units


def _records(document: Any, path: Path) -> List[Dict[str, Any]]:
    records = document.get("units") if isinstance(document, dict) else document
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise RigError(f"{path}: expected a list of unit records (or one under \"units\")")
    return records


def read_report(path: Path) -> Optional[List[Dict[str, Any]]]:
    """The unit records of the converter report at path, each with its position under
    "_index"; None when there is no report."""
    if not path.is_file():
        return None
    try:
        document = json.loads(path.read_text())
    except (OSError, ValueError) as err:
        raise RigError(f"{path}: not readable JSON: {err}") from err
    records = []
    for index, record in enumerate(_records(document, path)):
        unit_id = record.get("unit_id")
        if not isinstance(unit_id, str):
            raise RigError(f"{path}: a unit record without a unit_id")
        functions = record.get("thread_functions") or []
        if not isinstance(functions, list):
            raise RigError(f"{path}: {unit_id}: thread_functions is not a list")
        records.append(dict(record, _index=index))
    return records


def names_unit(report_id: str, unit_id: str) -> bool:
    """Whether a report id (file:function or file:function:LINE) names the set unit
    file:function."""
    try:
        return ids.file_and_name(report_id) == ids.file_and_name(unit_id)
    except ValueError:
        return False


def find_record(report: List[Dict[str, Any]], unit_id: str) -> Optional[Dict[str, Any]]:
    """The one record whose unit_id or a thread function names unit_id, None when none
    does; two are an error naming both."""
    found = [record for record in report
             if any(names_unit(key, unit_id)
                    for key in [record["unit_id"], *(record.get("thread_functions") or [])])]
    if len(found) > 1:
        raise RigError(f"{unit_id} matches two unit records of the converter report: "
                       + " and ".join(record["unit_id"] for record in found[:2]))
    return found[0] if found else None


def _patch_text(record: Dict[str, Any], report_dir: Path) -> str:
    text = record.get("patch") or ""
    if not text and record.get("patch_file"):
        patch_path = report_dir / str(record["patch_file"])
        if not patch_path.is_file():
            raise RigError(f"{record['unit_id']}: patch_file {patch_path} does not exist")
        text = patch_path.read_text()
    return text


def resolve(units: List[SetUnit], report: Optional[List[Dict[str, Any]]],
            report_dir: Path) -> List[UnitStatus]:
    """Each unit's state in the report, in set order."""
    statuses = []
    for unit in units:
        record = None if report is None else find_record(report, unit.unit_id)
        if report is None:
            statuses.append(UnitStatus(unit, State.NO_REPORT))
        elif record is None:
            statuses.append(UnitStatus(unit, State.MISSING))
        elif record.get("verdict") != VERIFIED:
            reason = record.get("reason") or ""
            statuses.append(UnitStatus(unit, State.NOT_VERIFIED,
                                       f"verdict {record.get('verdict')!r}"
                                       + (f": {reason}" if reason else "")))
        else:
            patch = _patch_text(record, report_dir)
            if patch.strip():
                statuses.append(UnitStatus(unit, State.APPLIED, patch=patch,
                                           record=record["_index"]))
            else:
                statuses.append(UnitStatus(unit, State.NO_PATCH))
    return statuses


def write_patches(statuses: List[UnitStatus], directory: Path) -> List[Path]:
    """One NNNN-file-function.diff per applied report record, in report order; the directory
    is emptied first so that a unit that left the set leaves no stale diff behind."""
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.diff"):
        old.unlink()
    records: Dict[int, UnitStatus] = {}
    for status in statuses:
        if status.state == State.APPLIED:
            records.setdefault(status.record, status)
    written = []
    for number, index in enumerate(sorted(records)):
        status = records[index]
        slug = re.sub(r"[^A-Za-z0-9]+", "-", status.unit.unit_id).strip("-")
        path = directory / f"{number + 1:04d}-{slug}.diff"
        path.write_text(status.patch if status.patch.endswith("\n") else status.patch + "\n")
        written.append(path)
    return written
