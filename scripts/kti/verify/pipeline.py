# SPDX-License-Identifier: GPL-2.0
"""Run the five gates over a set of units and cache what they say.

Gate 1's apply check comes first (a patch that does not apply can be checked no further);
then, per unit and in parallel, the gates that read the unit's own files (parse check,
checkpatch, round trip, detector); then gate 2 for all units at once (see gate_compile).
Every unit's result is cached under everything that decides it: the patch, BASE, the
toolchain (compilers, sparse, spatch, the detector) and the code of the verifier and the
engine, so an unchanged re-run runs no gate at all.
"""
import hashlib
import json
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from .. import spatch as sp
from . import gate_apply, gate_checkpatch, gate_compile, gate_detector, kbuild, patchset
from .archs import ARCHS, Arch
from .base import Base
from .checkout import Checkout
from .model import Gate, GateResult, Status, Unit, UnitResult
from .paths import VerifyPaths
from .store import JsonStore
from .unitfiles import PatchDoesNotApply, materialize

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[2]
DETECTOR = PROJECT / "cocci" / "kthread_threads.cocci"
SPATCH_TIMEOUT = 200

#: (BASE path, unit) -> (ok, detail): the engine's round trip.
RoundTrip = Callable[[Path, Unit], Tuple[bool, str]]


@dataclass
class VerifySettings:
    paths: VerifyPaths
    base: Base
    jobs: int
    round_trip: Optional[RoundTrip]
    #: Source folders whose code decides the results (verifier, engine).
    code_dirs: Sequence[Path] = (HERE,)
    use_cache: bool = True
    #: The configurations of gate 2, tried in order.
    archs: Sequence[Arch] = ARCHS


@dataclass
class VerifyStats:
    seconds: float = 0.0
    cached: int = 0
    checked: int = 0
    light_gates: float = 0.0
    compile: Optional[gate_compile.Timings] = None


def code_digest(dirs: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for directory in dirs:
        for path in sorted(p for p in directory.rglob("*") if p.is_file()
                           and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(directory)).encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def context_key(settings: VerifySettings, spatch: sp.Spatch) -> List[str]:
    """Everything besides the patch that decides a unit's result."""
    tools = [kbuild.toolchain(arch) + " " + arch.label
             + (" " + arch.fragment.read_text() if arch.fragment else "")
             for arch in settings.archs if arch.available()]
    return [settings.base.fingerprint, code_digest(settings.code_dirs), spatch.version_text,
            hashlib.sha256(DETECTOR.read_bytes()).hexdigest(), *tools,
            "round-trip" if settings.round_trip else "no-round-trip"]


def _unit_key(context: List[str], unit: Unit) -> List[str]:
    return ["unit", *context, patchset.digest(unit.patch),
            json.dumps(getattr(unit.source, "record", None), sort_keys=True, default=str)]


def light_gates(unit: Unit, settings: VerifySettings, spatch: sp.Spatch) -> List[GateResult]:
    """Gates 1 (parse half), 3, 4 and 5 for a unit whose patch applies on BASE."""
    base = settings.base.path
    options = sp.cocci_options(DETECTOR)
    results = [gate_checkpatch.check(base, unit.patch)]
    if settings.round_trip is None or unit.source is None:
        results.append(GateResult(Gate.ROUND_TRIP, Status.NOT_RUN,
                                  "no engine record to fold back: round trip not run"))
    else:
        ok, detail = settings.round_trip(base, unit)
        results.append(GateResult(Gate.ROUND_TRIP, Status.PASS if ok else Status.FAIL, detail))
    try:
        with materialize(base, unit.patch) as files:
            results.insert(0, gate_apply.parses(files, spatch, options, SPATCH_TIMEOUT,
                                                JsonStore(settings.paths.results / "parse-c")))
            results.append(gate_detector.check(files, unit, spatch, DETECTOR, SPATCH_TIMEOUT))
    except PatchDoesNotApply as err:
        results.insert(0, GateResult(Gate.APPLY, Status.FAIL, f"does not apply: {err}"))
        results.append(GateResult(Gate.DETECTOR, Status.NOT_RUN, "patch does not apply"))
    return results


def _not_run(detail: str) -> List[GateResult]:
    return [GateResult(gate, Status.NOT_RUN, detail) for gate in Gate if gate != Gate.APPLY]


def verify(units: Sequence[Unit], settings: VerifySettings,
           stats: Optional[VerifyStats] = None) -> Dict[str, UnitResult]:
    """unit id -> UnitResult for every unit (refused ones keep the engine's reason)."""
    stats = stats if stats is not None else VerifyStats()
    started = time.monotonic()
    spatch = sp.locate()
    store = JsonStore(settings.paths.results / "units")
    context = context_key(settings, spatch)
    results: Dict[str, UnitResult] = {}
    todo: List[Unit] = []
    for unit in units:
        if unit.refused is not None:
            results[unit.unit_id] = UnitResult(unit.unit_id, refused=unit.refused)
            continue
        cached = store.get(_unit_key(context, unit)) if settings.use_cache else None
        if cached is not None:
            results[unit.unit_id] = UnitResult(
                unit.unit_id, [GateResult.from_json(g) for g in cached["gates"]])
            stats.cached += 1
        else:
            todo.append(unit)
    applying: List[Unit] = []
    for unit in todo:
        applied = gate_apply.applies(settings.base.path, unit.patch)
        results[unit.unit_id] = UnitResult(unit.unit_id, [applied])
        if applied.status == Status.PASS:
            applying.append(unit)
        else:
            results[unit.unit_id].gates += _not_run("the patch does not apply on BASE")
    mark = time.monotonic()
    print(f"kti-verify: {len(results)} units, {stats.cached} from the cache; checking "
          f"{len(applying)} that apply on BASE", flush=True)
    with ThreadPoolExecutor(max_workers=max(1, settings.jobs)) as pool:
        light = dict(zip([u.unit_id for u in applying],
                         pool.map(lambda u: light_gates(u, settings, spatch), applying)))
    stats.light_gates = time.monotonic() - mark
    if applying:
        scratch = Checkout(settings.base.ksrc, settings.paths.scratch, settings.base.commit)
        compiler = gate_compile.Compiler(settings.paths, scratch, settings.base.fingerprint,
                                         settings.jobs, settings.archs)
        compiled = gate_compile.run(compiler, applying, settings.base.path)
        stats.compile = compiler.timings
    for unit in applying:
        gates = light[unit.unit_id]
        parsed = gates[0]
        result = results[unit.unit_id]
        if parsed.status != Status.PASS:
            result.gates = [parsed]
        result.gates += [compiled[unit.unit_id]] + gates[1:]
        result.gates.sort(key=lambda g: g.gate)
    for unit in todo:
        store.put(_unit_key(context, unit),
                  {"gates": [g.to_json() for g in results[unit.unit_id].gates]})
    stats.checked = len(todo)
    stats.seconds = time.monotonic() - started
    return results

