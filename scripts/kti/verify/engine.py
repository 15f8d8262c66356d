# SPDX-License-Identifier: GPL-2.0
"""The converter engine (scripts/kti/convert) as the verifier uses it: plan_tree(),
round_trip(), and its Conversion objects turned into Units."""
import importlib
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, Iterable, List, Optional, Tuple

from .errors import VerifyError
from .model import Unit


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


def plan(engine: ModuleType, base: Path, inventory: Dict[str, Any],
         only: Optional[Iterable[str]] = None) -> List[Any]:
    return list(engine.plan_tree(base, inventory, only=only))


def round_trip(engine: ModuleType):
    """The RoundTrip callable of pipeline.VerifySettings for this engine."""
    def check(base: Path, unit: Unit) -> Tuple[bool, str]:
        result = engine.round_trip(base, unit.source)
        return bool(result.ok), str(result.detail or "")
    return check
