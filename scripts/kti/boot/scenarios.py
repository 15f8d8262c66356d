# SPDX-License-Identifier: GPL-2.0
"""Which guest scenarios a run uses, and where they go in the guest.

tests/guest/NN-name.sh are the core scenarios; every subdirectory holding NN-name.sh files
(tests/guest/conversions/, ...) is a further set, run after them in name order, except
bench/, which only `kti-boot bench` runs, generated/, which only `kti-boot converted`
runs, and stress/, which only `kti-boot stress` runs (with generated/'s scenarios in
/scenarios/stress/units/, out of /init's reach, for their unit definitions).  A set's other
*.sh files are helpers its scripts source, and its optional initramfs.list names host files
the scripts need in the guest.  A scenario's NN-name.config
is the config fragment its kthreads need: every kernel the rig builds takes the union of
them, so one converted and one baseline kernel serve every run.
In the guest a set lives in /scenarios/ (core, bench) or /scenarios/<subdir>/.
The baseline run (`kti-boot test --baseline`) runs conversions/ and generated/: the other
sets exercise the series' own API, which the unconverted kernel does not have.
"""
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Sequence

from .errors import RigError

_SCENARIO_NAME = re.compile(r"^[0-9]+-[A-Za-z0-9_.-]+\.sh$")
_FRAGMENT_NAME = re.compile(r"^[0-9]+-[A-Za-z0-9_.-]+\.config$")
BENCH_DIR = "bench"
BASELINE_DIR = "conversions"
GENERATED_DIR = "generated"
STRESS_DIR = "stress"
HOST_FILE_LIST = "initramfs.list"


@dataclass
class ScenarioSet:
    """Scripts from one host directory, copied together to one guest directory."""

    guest_dir: str
    scripts: List[Path]
    helpers: List[Path] = field(default_factory=list)
    host_file_list: Path = Path()

    def names(self) -> List[str]:
        """Scenario names as /init reports them: path below /scenarios without .sh."""
        prefix = f"{self.guest_dir}/" if self.guest_dir else ""
        return [prefix + script.stem for script in self.scripts]


def scenario_scripts(directory: Path) -> List[Path]:
    """The scenarios in a directory, in run order: files named NN-name.sh, sorted by name."""
    if not directory.is_dir():
        raise RigError(f"scenario directory {directory} does not exist")
    return sorted(path for path in directory.iterdir()
                  if path.is_file() and _SCENARIO_NAME.match(path.name))


def scenario_fragments(guest_root: Path) -> List[Path]:
    """Config fragments of the scenarios (NN-name.config in any set directory), in merge order:
    the core directory first, then subdirectories by name, each sorted by name."""
    directories = [guest_root] + sorted(p for p in guest_root.iterdir() if p.is_dir())
    return [path for directory in directories for path in sorted(directory.iterdir())
            if path.is_file() and _FRAGMENT_NAME.match(path.name)]


def _set_from(directory: Path, guest_dir: str, helper_dir: Path,
              shared: Sequence[Path] = ()) -> ScenarioSet:
    scripts = scenario_scripts(directory)
    runnable = set(scripts)
    helpers = sorted(p for p in helper_dir.glob("*.sh") if p not in runnable)
    helpers += [p for p in shared if p.name not in {h.name for h in helpers}]
    host_list = directory / HOST_FILE_LIST
    return ScenarioSet(guest_dir=guest_dir, scripts=scripts, helpers=helpers,
                       host_file_list=host_list if host_list.is_file() else Path())


def test_sets(guest_root: Path) -> List[ScenarioSet]:
    """The core set and every scenario subdirectory but bench/, generated/ and stress/, in
    run order."""
    sets = [_set_from(guest_root, "", guest_root)]
    for sub in sorted(p for p in guest_root.iterdir()
                      if p.is_dir() and p.name not in (BENCH_DIR, GENERATED_DIR, STRESS_DIR)):
        if scenario_scripts(sub):
            sets.append(_set_from(sub, sub.name, sub))
    if not any(s.scripts for s in sets):
        raise RigError(f"no guest scenarios (NN-name.sh) in {guest_root}")
    return sets


def bench_sets(guest_root: Path) -> List[ScenarioSet]:
    """The benchmark scenarios of bench/, with the core helpers (they share lib.sh)."""
    bench = _set_from(guest_root / BENCH_DIR, "", guest_root)
    if not bench.scripts:
        raise RigError(f"no benchmark scenarios in {guest_root / BENCH_DIR}")
    bench.helpers = sorted(p for p in guest_root.glob("*.sh")
                           if p not in set(scenario_scripts(guest_root)))
    return [bench]


def generated_sets(guest_root: Path) -> List[ScenarioSet]:
    """The scenarios of the generated conversions (generated/), with conversions/ helpers."""
    directory = guest_root / GENERATED_DIR
    shared = sorted((guest_root / BASELINE_DIR).glob("*-lib.sh"))
    generated = _set_from(directory, GENERATED_DIR, directory, shared)
    if not generated.scripts:
        raise RigError(f"no generated-conversion scenarios (NN-name.sh) in {directory}")
    return [generated]


def stress_sets(guest_root: Path) -> List[ScenarioSet]:
    """The stress pass of stress/, with generated/'s helpers and host files, and generated/'s
    scenarios as files it sources (in stress/units/, which /init does not run)."""
    units = generated_sets(guest_root)[0]
    directory = guest_root / STRESS_DIR
    stress = _set_from(directory, STRESS_DIR, directory, units.helpers)
    if not stress.scripts:
        raise RigError(f"no stress scenarios (NN-name.sh) in {directory}")
    stress.host_file_list = units.host_file_list
    return [stress, ScenarioSet(guest_dir=f"{STRESS_DIR}/units", scripts=[],
                                helpers=units.scripts)]


def baseline_sets(guest_root: Path) -> List[ScenarioSet]:
    """The scenarios that also run on the unconverted kernel: conversions/ and generated/."""
    directory = guest_root / BASELINE_DIR
    conversions = _set_from(directory, BASELINE_DIR, directory)
    if not conversions.scripts:
        raise RigError(f"no conversion scenarios (NN-name.sh) in {directory}")
    if not (guest_root / GENERATED_DIR).is_dir():
        return [conversions]
    return [conversions, *generated_sets(guest_root)]
