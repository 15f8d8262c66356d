# SPDX-License-Identifier: GPL-2.0
"""The converter engine (scripts/kti/convert) as the verifier uses it: plan_tree(),
round_trip(), and its Conversion objects turned into Units.

plan() keeps the engine's answer in the result store, keyed by BASE, the inventory, the
engine's code and the selection, so an unchanged re-run does not convert the tree again.
"""
import dataclasses
import enum
import hashlib
import importlib
import json
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple

from .errors import VerifyError
from .model import Unit
from .store import JsonStore


def load() -> ModuleType:
    """kti.convert, or a VerifyError saying it is not there (yet)."""
    try:
        engine = importlib.import_module("kti.convert")
    except ImportError as err:
        raise VerifyError(f"the converter engine scripts/kti/convert cannot be imported: {err}")
    missing = [name for name in ("plan_tree", "round_trip") if not hasattr(engine, name)]
    if missing:
        raise VerifyError("the converter engine scripts/kti/convert does not export "
                          + " and ".join(missing))
    return engine


def _refused(conversion: Any) -> Optional[str]:
    outcome = getattr(conversion.outcome, "value", conversion.outcome)
    if str(outcome).lower() != "refused":
        return None
    return conversion.reason or "refused by the converter (no reason given)"


def to_unit(conversion: Any) -> Unit:
    return Unit(unit_id=conversion.unit_id,
                thread_functions=tuple(conversion.thread_functions),
                patch=conversion.patch, files=tuple(conversion.files),
                facts=dict(conversion.facts or {}),
                spatch_commands=tuple(conversion.spatch_commands),
                semantic_patches=tuple(conversion.semantic_patches),
                refused=_refused(conversion), source=conversion)


def reason_kind(conversion: Any) -> Optional[str]:
    """The engine's fixed refusal kind (Reason name) when it gives one."""
    return getattr(conversion, "reason_kind", None)


#: The roles of names.py whose names are global (the context pointer is a local).
GLOBAL_NAMES = ("init", "func", "destroy", "kti", "ctx_struct")


def global_names(conversion: Any) -> Set[str]:
    """The global names a converted unit chose, for every member."""
    facts = conversion.facts or {}
    each = list(facts["members"].values()) if "members" in facts else [facts]
    return {f["names"][role] for f in each if "names" in f
            for role in GLOBAL_NAMES if role in f["names"]}


def _to_json(conversion: Any) -> Dict[str, Any]:
    return {f.name: (v.value if isinstance(v := getattr(conversion, f.name), enum.Enum) else v)
            for f in dataclasses.fields(conversion)}


def _from_json(engine: ModuleType, data: Dict[str, Any]) -> Any:
    cls = engine.Conversion
    values = {}
    for f in dataclasses.fields(cls):
        value = data[f.name]
        if f.name == "outcome":
            value = engine.Outcome(value)
        elif isinstance(value, list) and "uple" in str(f.type):
            value = tuple(value)
        values[f.name] = value
    return cls(**values)


def plan(engine: ModuleType, base: Path, inventory: Dict[str, Any],
         only: Optional[Iterable[str]] = None, store: Optional[JsonStore] = None,
         context: Sequence[str] = (), held_back: Optional[Dict[str, str]] = None,
         reserved: Iterable[str] = ()) -> List[Any]:
    """engine.plan_tree(), or its remembered answer for the same inputs (context: BASE
    fingerprint and the engine's code digest).  held_back: thread function ids the engine
    leaves out, with the words why; reserved: names other units of the run took
    (regroup.py)."""
    selection = sorted(only) if only is not None else None
    held: Dict[str, Any] = {"held_back": held_back} if held_back else {}
    if reserved:
        held["reserved"] = sorted(reserved)
    key = ["plan", *context, json.dumps(selection)]
    if held:
        key.append(json.dumps(held, sort_keys=True))
    key += [hashlib.sha256(json.dumps(inventory, sort_keys=True).encode()).hexdigest()]
    if store is not None:
        known = store.get(key)
        if known is not None:
            try:
                return [_from_json(engine, item) for item in known]
            except (AttributeError, KeyError, TypeError, ValueError):
                pass
    conversions = list(engine.plan_tree(base, inventory, only=selection, **held))
    if store is not None:
        try:
            store.put(key, [_to_json(c) for c in conversions])
        except TypeError:
            pass
    return conversions


def round_trip(engine: ModuleType):
    """The RoundTrip callable of pipeline.VerifySettings for this engine."""
    def check(base: Path, unit: Unit) -> Tuple[bool, str]:
        result = engine.round_trip(base, unit.source)
        return bool(result.ok), str(result.detail or "")
    return check
