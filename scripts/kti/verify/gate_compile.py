# SPDX-License-Identifier: GPL-2.0
"""Gate 2: each changed .c file compiles with W=1 and sparse, with no new warning.

For every file, the first configuration that builds it (archs.candidates(), asked with
kbuild.probe()) is used.  A file no configuration builds as an object of its own, and a
changed header, is built through the .c files of its directory that #include it
(includers.py), when there are some.  The unconverted file is built there first, in the scratch tree at
BASE: when it does not build, or no configuration builds it, the unit is "not compile-tested"
(never a pass).  Then the units are built converted, several at once: a round applies the
patches of units that do not conflict (see rounds()) to the scratch tree, builds their files
per configuration in one make call, and resets the tree.  A file passes when it builds and has
no diagnostic the unconverted build did not have.
"""
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Set, Tuple

from . import diag, kbuild, patchset
from .archs import ARCHS, Arch, arch_dir_of, candidates
from .includers import local_includers
from .checkout import Checkout
from .model import Gate, GateResult, Status, Unit
from .paths import VerifyPaths
from .store import JsonStore


@dataclass
class Timings:
    """Wall time per step, for the end-of-run summary and the benchmark."""

    configure: Dict[str, float] = field(default_factory=dict)
    probe: float = 0.0
    original: float = 0.0
    converted: float = 0.0
    files_original: int = 0
    files_converted: int = 0


#: changed file -> (the .c file to build for it, its configuration), or None.
Placement = Dict[str, Optional[Tuple[str, Arch]]]


def changed_sources(unit: Unit) -> List[str]:
    """The .c and .h files the patch leaves in the tree."""
    return sorted(c.path for c in patchset.parse(unit.patch)
                  if c.new_path != "/dev/null" and c.path.endswith((".c", ".h")))


def targets(unit: Unit, placement: Placement) -> List[str]:
    """The .c files to build for a unit (its own and includers of what it changes)."""
    return sorted({placed[0] for f in changed_sources(unit)
                   if (placed := placement.get(f)) is not None})


def _area(path: str) -> str:
    """The two leading directories of a path: where a local header is included from."""
    return "/".join(path.split("/")[:2])


def _is_global_header(path: str) -> bool:
    parts = path.split("/")
    return path.endswith(".h") and (parts[0] == "include"
                                    or (parts[0] == "arch" and "include" in parts[2:3]))


@dataclass
class _Group:
    files: Set[str] = field(default_factory=set)
    areas: Set[str] = field(default_factory=set)
    header_areas: Set[str] = field(default_factory=set)
    solo: bool = False
    members: List[Unit] = field(default_factory=list)


def rounds(units: Sequence[Unit], placement: Optional[Placement] = None) -> List[List[Unit]]:
    """Groups of units that can share one patched scratch tree.

    Two units conflict when they change or build a file in common, or when one changes a
    header local to a subsystem (drivers/usb/usbip/usbip_common.h) and the other has a
    file in the same area (drivers/usb); a unit changing a header under include/ has a
    round of its own, since any file may include it.
    """
    groups: List[_Group] = []
    for unit in sorted(units, key=lambda u: u.unit_id):
        files = {c.path for c in patchset.parse(unit.patch)}
        files |= set(targets(unit, placement or {}))
        solo = any(_is_global_header(f) for f in files)
        areas = {_area(f) for f in files}
        header_areas = {_area(f) for f in files if f.endswith(".h")}
        for group in groups:
            if (not solo and not group.solo and not group.files & files
                    and not group.header_areas & areas and not header_areas & group.areas):
                group.files |= files
                group.areas |= areas
                group.header_areas |= header_areas
                group.members.append(unit)
                break
        else:
            groups.append(_Group(set(files), areas, header_areas, solo, [unit]))
    return [group.members for group in groups]


#: Bump when what makes a build BUILT or FAILED changes (cached unconverted builds).
OUTCOME_RULES = "2: only compiler errors fail a build"


class Compiler:
    """Builds files of the scratch tree in each configuration of archs (in order)."""

    def __init__(self, paths: VerifyPaths, scratch: Checkout, stamp_key: str, jobs: int,
                 archs: Sequence[Arch] = ARCHS):
        self.archs = tuple(archs)
        self.paths = paths
        self.scratch = scratch
        self.stamp_key = stamp_key
        self.jobs = jobs
        self.timings = Timings()
        self.store = JsonStore(paths.results / "builds")
        self._toolchains: Dict[str, str] = {}
        self.paths.logs.mkdir(parents=True, exist_ok=True)

    def arch(self, name: str) -> Arch:
        return next(a for a in self.archs if a.name == name)

    def _log(self, name: str) -> Path:
        return self.paths.logs / f"{name}.log"

    def toolchain(self, arch: Arch) -> str:
        if arch.name not in self._toolchains:
            self._toolchains[arch.name] = kbuild.toolchain(arch)
        return self._toolchains[arch.name]

    def _ensure(self, arch: Arch) -> None:
        if arch.name in self.timings.configure:
            return
        self.scratch.reset()
        seconds = kbuild.configure(self.scratch.path, self.paths.objects(arch.name), arch,
                                   self.stamp_key, self._log(f"configure-{arch.name}"),
                                   self.paths.ccache, self.jobs)
        self.timings.configure[arch.name] = seconds

    def _probe(self, arch: Arch, files: Sequence[str]) -> Set[str]:
        """The files of files that arch's configuration builds (cached per BASE)."""
        key = ["probe", self.stamp_key, self.toolchain(arch), arch.label]
        dirs = sorted({d for f in files for d in kbuild.ancestors(f)})
        known = {d: set(v) for d, v in (self.store.get(key) or {}).items()}
        missing = [d for d in dirs if d not in known]
        if missing:
            self._ensure(arch)
            self.scratch.reset()
            started = time.monotonic()
            found = kbuild.probe(self.scratch.path, self.paths.objects(arch.name), arch, missing,
                                 self._log(f"probe-{arch.name}"), self.paths.ccache)
            self.timings.probe += time.monotonic() - started
            for directory in missing:
                known[directory] = found.get(directory, set())
            self.store.put(key, {d: sorted(v) for d, v in known.items()})
        return {f for f in files if kbuild.configured(f, known)}

    def _configs(self, files: Sequence[str]) -> Dict[str, Optional[Arch]]:
        """.c file -> the first configuration that builds it, or None."""
        placed: Dict[str, Optional[Arch]] = {f: None for f in files}
        for arch in self.archs:
            pending = [f for f in files
                       if placed[f] is None and arch in candidates(f, self.archs)]
            if not pending or not arch.available():
                continue
            for path in self._probe(arch, pending):
                placed[path] = arch
        return placed

    def placement(self, files: Sequence[str], tree: Path) -> Placement:
        """Changed file -> the .c file to build for it and where, or None."""
        own = self._configs([f for f in files if f.endswith(".c")])
        result: Placement = {f: (f, arch) for f, arch in own.items() if arch is not None}
        rest = {f: local_includers(tree, f) for f in files if f not in result}
        by_includer = self._configs(sorted({i for found in rest.values() for i in found}))
        for path, found in rest.items():
            placed = next(((i, by_includer[i]) for i in found if by_includer[i]), None)
            result[path] = placed
        return result

    def _build(self, arch: Arch, files: Sequence[str], label: str) -> Dict[str, kbuild.FileBuild]:
        """Compile files in the scratch tree as it is (configure arch first: _ensure()
        resets the scratch tree, which must not happen once it is patched)."""
        if arch.name not in self.timings.configure:
            raise RuntimeError(f"{arch.name} built before it was configured")
        return kbuild.build(self.scratch.path, self.paths.objects(arch.name), arch, files,
                            self.paths.root / "diag", self._log(label), self.paths.ccache,
                            self.jobs)

    def originals(self, placed: Dict[str, Arch], base_dir: Path) -> Dict[str, kbuild.FileBuild]:
        """The unconverted build of every file to build (cached per BASE and toolchain)."""
        results: Dict[str, kbuild.FileBuild] = {}
        todo: Dict[str, List[str]] = {}
        keys = {}
        for path, arch in placed.items():
            content = patchset.digest((base_dir / path).read_text(errors="surrogateescape"))
            keys[path] = ["original", OUTCOME_RULES, self.stamp_key, self.toolchain(arch),
                          arch.label, path, content]
            cached = self.store.get(keys[path])
            if cached is not None:
                results[path] = _build_from_json(cached)
            else:
                todo.setdefault(arch.name, []).append(path)
        if todo:
            started = time.monotonic()
            for arch_name in sorted(todo):
                self._ensure(self.arch(arch_name))
            self.scratch.reset()
            for arch_name, paths in sorted(todo.items()):
                built = self._build(self.arch(arch_name), paths,
                                    f"original-{arch_name}")
                for path, result in built.items():
                    results[path] = result
                    self.store.put(keys[path], _build_to_json(result))
                self.timings.files_original += len(paths)
            self.timings.original += time.monotonic() - started
        return results

    def converted(self, units: Sequence[Unit], placement: Placement
                  ) -> Dict[str, Dict[str, kbuild.FileBuild]]:
        """unit id -> built file -> its converted build, round by round."""
        out: Dict[str, Dict[str, kbuild.FileBuild]] = {}
        started = time.monotonic()
        arch_of = {t: a for t, a in (p for p in placement.values() if p is not None)}
        for arch in {a.name: a for a in arch_of.values()}.values():
            self._ensure(arch)      # before patching: configuring resets the scratch tree
        groups = rounds(units, placement)
        for number, members in enumerate(groups, 1):
            print(f"kti-verify: compile round {number}/{len(groups)}: {len(members)} units",
                  flush=True)
            by_arch: Dict[str, List[str]] = {}
            owner: Dict[str, str] = {}
            for unit in members:
                for path in targets(unit, placement):
                    by_arch.setdefault(arch_of[path].name, []).append(path)
                    owner[path] = unit.unit_id
            with self.scratch.patched([(u.unit_id, u.patch) for u in members]):
                for arch_name, paths in sorted(by_arch.items()):
                    arch = self.arch(arch_name)
                    for path, result in self._build(arch, paths,
                                                    f"converted-{number}-{arch_name}").items():
                        out.setdefault(owner[path], {})[path] = result
                    self.timings.files_converted += len(paths)
        self.timings.converted += time.monotonic() - started
        return out


def _build_to_json(build: kbuild.FileBuild) -> dict:
    return {"path": build.path, "arch": build.arch, "outcome": build.outcome.value,
            "diagnostics": [d.to_json() for d in build.diagnostics]}


def _build_from_json(obj: dict) -> kbuild.FileBuild:
    return kbuild.FileBuild(obj["path"], obj["arch"], kbuild.Outcome(obj["outcome"]),
                            [diag.Diagnostic.from_json(d) for d in obj["diagnostics"]])


def _not_placed(path: str, archs: Sequence[Arch]) -> str:
    arch_dir = arch_dir_of(path)
    tried = [a for a in candidates(path, tuple(archs)) if a.available()]
    if arch_dir is not None and not tried:
        return f"{path}: no cross compiler here for arch/{arch_dir}"
    return (f"{path}: no configuration tried builds it or a file including it ("
            + ", ".join(a.label for a in tried) + ")")


def judge(unit: Unit, placement: Placement, originals: Dict[str, kbuild.FileBuild],
          converted: Dict[str, kbuild.FileBuild], archs: Sequence[Arch] = ARCHS) -> GateResult:
    """The gate's verdict for one unit from the builds of its files."""
    sources = changed_sources(unit)
    if not any(f.endswith(".c") for f in sources) and not targets(unit, placement):
        return GateResult(Gate.COMPILE, Status.NOT_COMPILE_TESTED,
                          "the patch changes no .c file and no header a .c file here includes")
    failures: List[str] = []
    untested: List[str] = []
    configs: Dict[str, str] = {}
    labels: Dict[str, str] = {}
    for path in sources:
        placed = placement.get(path)
        if placed is None:
            if path.endswith(".c"):
                untested.append(_not_placed(path, archs))
            continue
        target, arch = placed
        configs[target] = arch.name
        labels[target] = arch.label
    for target in sorted(configs):
        before = originals[target]
        if before.outcome != kbuild.Outcome.BUILT:
            untested.append(f"{target} does not build unconverted in {labels[target]}: "
                            + (diag.first(diag.errors(before.diagnostics), 1) or "no object"))
    if untested:
        return GateResult(Gate.COMPILE, Status.NOT_COMPILE_TESTED, "; ".join(untested),
                          {"configs": configs})
    for target in sorted(configs):
        label = labels[target]
        after = converted.get(target)
        if after is None or after.outcome != kbuild.Outcome.BUILT:
            errors = diag.errors(after.diagnostics) if after else []
            failures.append(f"{target} does not compile ({label}): "
                            + (diag.first(errors) or "no object produced"))
            continue
        new = diag.added(originals[target].diagnostics, after.diagnostics)
        if new:
            failures.append(f"{len(new)} new warning(s) in {label}: "
                            + (diag.first(new) or ""))
    data = {"configs": configs}
    if failures:
        return GateResult(Gate.COMPILE, Status.FAIL, "; ".join(failures), data)
    return GateResult(Gate.COMPILE, Status.PASS, "", data)


def run(compiler: Compiler, units: Sequence[Unit], base_dir: Path) -> Dict[str, GateResult]:
    """Gate 2 for every unit (all of them must apply on BASE)."""
    files = sorted({path for unit in units for path in changed_sources(unit)})
    placement = compiler.placement(files, base_dir)
    to_build = {t: a for t, a in (p for p in placement.values() if p is not None)}
    originals = compiler.originals(to_build, base_dir)
    ready = [u for u in units
             if targets(u, placement)
             and all(placement.get(f) is not None for f in changed_sources(u) if f.endswith(".c"))
             and all(originals[t].outcome == kbuild.Outcome.BUILT for t in targets(u, placement))]
    converted = compiler.converted(ready, placement) if ready else {}
    return {unit.unit_id: judge(unit, placement, originals, converted.get(unit.unit_id, {}),
                                compiler.archs)
            for unit in units}


def dumps(results: Dict[str, GateResult]) -> str:
    return json.dumps({k: v.to_json() for k, v in results.items()}, sort_keys=True)
