# SPDX-License-Identifier: GPL-2.0
"""`make convert`: inventory -> engine plan -> five gates -> kti/convert branch -> reports.

verify_units() is the part the engine's CLI (scripts/kti-convert --verify) calls for one
path or one thread; run() is the whole tree.  Both hold the tree's lock (build/convert/
<tree>/.lock) for the whole run: they share the scratch tree and the O= builds.
"""
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import AbstractSet, Any, Callable, Dict, List, Optional, Sequence, TypeVar

from .. import pipeline as scan_pipeline
from .. import spatch as sp
from ..boot.paths import dir_lock
from ..errors import InputError
from ..inventory import dump_json
from . import branch as branchmod
from . import changelog, engine as enginemod, kbuild, regroup, report
from .archs import ARCHS
from .base import Base, prepare_base, series_added_files
from .errors import VerifyError
from .model import Unit, UnitResult, Verdict
from .paths import PROJECT, VerifyPaths
from .pipeline import HERE, VerifySettings, VerifyStats, code_digest, verify
from .store import JsonStore

T = TypeVar("T")


@dataclass
class ConvertOptions:
    ksrc: Path
    series_dir: Path
    out_dir: Optional[Path]
    jobs: int = 0
    only: Optional[Sequence[str]] = None
    branch: Optional[str] = branchmod.BRANCH
    force_branch: bool = False
    build_root: Optional[Path] = None
    use_cache: bool = True
    #: kti-scan's cache for the inventory of BASE (default build/scan-cache).
    scan_cache: Optional[Path] = None


@dataclass
class ConvertStats:
    seconds: float = 0.0
    phases: Dict[str, float] = field(default_factory=dict)
    verify: VerifyStats = field(default_factory=VerifyStats)
    tip: Optional[str] = None


def _paths(opts: ConvertOptions) -> VerifyPaths:
    if opts.build_root is not None:
        return VerifyPaths.for_tree(opts.ksrc, opts.build_root)
    return VerifyPaths.for_tree(opts.ksrc)


def scan_inventory(tree: Path, jobs: int, cache: Optional[Path] = None) -> Dict[str, Any]:
    """The inventory of tree (BASE) as inventory.json would hold it; nothing is written."""
    try:
        inv = scan_pipeline.scan(scan_pipeline.ScanRequest(
            tree=str(tree), out="", jobs=jobs, cache=str(cache) if cache else None))
    except InputError as err:
        raise VerifyError(f"scanning BASE failed: {err}") from err
    return json.loads(dump_json(inv))


def without_files(inventory: Dict[str, Any], files: AbstractSet[str]) -> Dict[str, Any]:
    """inventory without the thread functions and creation sites of files (those the core
    series adds: its test module's kthreads are not the tree's)."""
    out = dict(inventory)
    for key in ("thread_functions", "creation_sites"):
        out[key] = [item for item in inventory.get(key, []) if item.get("file") not in files]
    return out


def verify_settings(paths: VerifyPaths, base: Base, jobs: int, engine: Any,
              use_cache: bool) -> VerifySettings:
    code = [HERE] + ([Path(engine.__file__).resolve().parent] if engine is not None else [])
    return VerifySettings(paths=paths, base=base, jobs=jobs,
                          round_trip=enginemod.round_trip(engine) if engine else None,
                          code_dirs=code, use_cache=use_cache)


def verify_units(ksrc: Path, series_dir: Path, units: Sequence[Unit], jobs: int = 0,
                 build_root: Optional[Path] = None, engine: Any = None,
                 stats: Optional[VerifyStats] = None) -> Dict[str, UnitResult]:
    """The five gates for units (e.g. the engine's conversions of one file)."""
    opts = ConvertOptions(ksrc=ksrc, series_dir=series_dir, out_dir=None, jobs=jobs,
                          build_root=build_root)
    paths = _paths(opts)
    with dir_lock(paths.root, "kti-convert"):
        base = prepare_base(ksrc.resolve(), series_dir, paths)
        return verify(units, verify_settings(paths, base, _jobs(jobs), engine, True), stats)


def verify_conversions(ksrc: Path, conversions: Sequence[Any],
                       series_dir: Path = PROJECT / "kernel-patches", jobs: int = 0
                       ) -> Dict[str, UnitResult]:
    """For scripts/kti-convert --verify: the engine's conversions through the five checks.

    unit id -> UnitResult (.verdict, .reason, .gates); refused conversions keep their reason.
    """
    return verify_units(ksrc, series_dir, [enginemod.to_unit(c) for c in conversions], jobs,
                        engine=enginemod.load())


def _jobs(jobs: int) -> int:
    return jobs or os.cpu_count() or 1


def toolchain() -> Dict[str, str]:
    tools = {arch.name: kbuild.toolchain(arch) for arch in ARCHS if arch.available()}
    tools["spatch"] = sp.locate().version_text
    return tools


def _phase(stats: ConvertStats, name: str, action: Callable[[], T]) -> T:
    """Run one phase, saying when it starts and how long it took (a cold run is long)."""
    print(f"kti-convert-tree: {name} ...", flush=True)
    mark = time.monotonic()
    result = action()
    stats.phases[name] = time.monotonic() - mark
    print(f"kti-convert-tree: {name}: {stats.phases[name]:.1f} s", flush=True)
    return result


def run(opts: ConvertOptions, stats: Optional[ConvertStats] = None) -> report.ConvertReport:
    """The whole tree: returns the report (already written to opts.out_dir)."""
    stats = stats if stats is not None else ConvertStats()
    started = time.monotonic()
    jobs = _jobs(opts.jobs)
    paths = _paths(opts)
    engine = enginemod.load()
    with dir_lock(paths.root, "kti-convert"):
        base = _phase(stats, "base", lambda: prepare_base(opts.ksrc.resolve(),
                                                          opts.series_dir, paths))
        inventory = _phase(stats, "inventory",
                           lambda: scan_inventory(base.path, jobs, opts.scan_cache))
        inventory = without_files(inventory, series_added_files(base))
        engine_code = code_digest([Path(engine.__file__).resolve().parent])
        store = JsonStore(paths.results / "plans") if opts.use_cache else None
        context = [base.fingerprint, engine_code]
        conversions = _phase(stats, "plan", lambda: enginemod.plan(
            engine, base.path, inventory, opts.only, store, context))
        units = [enginemod.to_unit(c) for c in conversions]
        settings = verify_settings(paths, base, jobs, engine, opts.use_cache)
        results = _phase(stats, "verify", lambda: verify(units, settings, stats.verify))

        def replan(only: Sequence[str], held_back: Dict[str, str]) -> List[Unit]:
            wanted = set(only)
            taken = {name for c in conversions if wanted.isdisjoint(c.thread_functions)
                     for name in enginemod.global_names(c)}
            return [enginemod.to_unit(c) for c in enginemod.plan(
                engine, base.path, inventory, only, store, context, held_back, taken)]
        units, results = _phase(stats, "regroup", lambda: regroup.split_failed(
            units, results, replan, lambda some: verify(some, settings, VerifyStats())))
        kinds = {u.unit_id: enginemod.reason_kind(u.source) for u in units}
        for unit in units:
            failure = results[unit.unit_id].first_failure()
            if results[unit.unit_id].refused is None and failure is not None:
                kinds[unit.unit_id] = f"failed check {int(failure.gate)}"
        verified = sorted((u for u in units
                           if results[u.unit_id].verdict == Verdict.VERIFIED),
                          key=lambda u: u.unit_id)
        subjects = {u.unit_id: changelog.subject(u) for u in verified}
        branch_error: Optional[VerifyError] = None
        if opts.branch is not None:
            changes = [branchmod.Change(u.unit_id, u.patch,
                                        changelog.message(u, results[u.unit_id], PROJECT))
                       for u in verified]
            try:
                stats.tip = _phase(stats, "branch", lambda: branchmod.write_branch(
                    base, changes, paths, opts.branch, opts.force_branch))
            except VerifyError as err:
                branch_error = err
    result = report.ConvertReport(
        tree_name=opts.ksrc.resolve().name, tree_head=base.tree_head,
        series=[p.name for p in base.patches], base_fingerprint=base.fingerprint,
        branch=opts.branch if branch_error is None else None, toolchain=toolchain(),
        inventory=inventory, units=units, results=results, subjects=subjects,
        reason_kinds=kinds)
    if opts.out_dir is not None:
        report.write_atomically(opts.out_dir, {"conversions.json": report.to_json(result),
                                               "conversions.md": report.to_markdown(result)})
    stats.seconds = time.monotonic() - started
    if branch_error is not None:
        where = f" (the report is in {opts.out_dir})" if opts.out_dir is not None else ""
        raise VerifyError(f"{branch_error}{where}") from branch_error
    return result
