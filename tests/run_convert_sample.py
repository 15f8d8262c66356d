#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""make test-convert-sample: the converter's checks on real files, in real configurations.

One verification run (so one set of allmodconfig builds) holds two kinds of units:
- the hand-written build-* and arm64-* patches of tests/verify/patches (see
  tests/verify_support.py): gate 2 must pass or fail as written there by hand, in the
  configuration named there (x86_64 or arm64 allmodconfig, W=1, sparse); the other gates do
  not matter for them;
- a fixed sample of real kthreads, chosen by hand to cover the rules (a simple loop, state
  carried across iterations, a creation site in another file, a freezable-should-stop loop,
  a file only arm64 builds here): the engine converts them on BASE and every one must come
  out verified by all five checks.

With --small (make check's compile sample) the configuration is x86_64 allnoconfig plus
tests/verify/small.config, which turns on only the files the x86_64 cases and SMALL_SAMPLE
need: one `make prepare` of a small configuration instead of allmodconfig's, and the
inventory of the default tree is read from reports/ when it is of the tree's HEAD (the
series changes none of the sample's files) instead of scanning BASE.

Prints one line per check and the time of each phase; exit status 1 on any failure, 2 when
it cannot run (no engine, no series, no identity).
"""
import argparse
import dataclasses
import json
import os
import sys
import time
from pathlib import Path
from dataclasses import dataclass
from typing import Dict, List, Tuple

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "scripts"))

from kti import gitident  # noqa: E402
from kti.boot.paths import dir_lock  # noqa: E402
from kti.verify import engine as enginemod  # noqa: E402
from kti.verify.base import Base, prepare_base  # noqa: E402
from kti.verify.archs import ARCHS, Arch, by_name, small  # noqa: E402
from kti.verify.convert import scan_inventory, verify_settings  # noqa: E402
from kti.verify.errors import VerifyError  # noqa: E402
from kti.verify.model import Gate, Status, Unit, UnitResult, Verdict  # noqa: E402
from kti.verify.paths import VerifyPaths  # noqa: E402
from kti.verify.pipeline import VerifyStats, verify  # noqa: E402

#: The author of BASE's scratch commits in make check when the runner has no git identity
#: (a CI machine): a test identity at a reserved domain, never in a patch.
SCRATCH_IDENTITY = gitident.Identity("kthread-iterant compile sample",
                                     "compile-sample@kthread-iterant.invalid")
PATCHES = PROJECT / "tests" / "verify" / "patches"
SMALL_CONFIG = PROJECT / "tests" / "verify" / "small.config"
REPORTS = PROJECT / "reports" / "linux-6.12"

#: patch -> (file, expected status, configuration, words the detail must contain)
BUILD_CASES: Dict[str, Tuple[str, Status, str, Tuple[str, ...]]] = {
    "build-clean": ("drivers/power/supply/tps65090-charger.c", Status.PASS, "x86_64", ()),
    "build-error": ("drivers/iio/chemical/sgp30.c", Status.FAIL, "x86_64",
                    ("does not compile (x86_64 allmodconfig)", "error")),
    "build-warning": ("drivers/memstick/host/r592.c", Status.FAIL, "x86_64",
                      ("new warning", "gcc warning", "unused_count")),
    "build-sparse": ("drivers/pci/hotplug/pciehp_hpc.c", Status.FAIL, "x86_64",
                     ("new warning", "sparse warning", "different address spaces")),
    "arm64-clean": ("drivers/firmware/stratix10-svc.c", Status.PASS, "arm64", ()),
    "arm64-warning": ("drivers/staging/media/tegra-video/tegra210.c", Status.FAIL, "arm64",
                      ("arm64 allmodconfig", "gcc warning", "unused_count")),
}

#: The real sample: thread functions the engine must convert and all five checks pass.
SAMPLE = (
    "drivers/power/supply/tps65217_charger.c:tps65217_charger_poll_task",
    "drivers/md/dm-delay.c:flush_worker_fn",
    "drivers/mtd/ubi/wl.c:ubi_thread",
    "drivers/media/test-drivers/vivid/vivid-cec.c:vivid_cec_bus_thread",
    "drivers/iio/trigger/iio-trig-loop.c:iio_loop_thread",
    "drivers/crypto/mxs-dcp.c:dcp_chan_thread_aes",
)

#: make check's sample: a simple loop, state carried across iterations, a creation site in
#: another file.
SMALL_SAMPLE = (
    "drivers/md/dm-delay.c:flush_worker_fn",
    "fs/f2fs/segment.c:issue_discard_thread",
    "drivers/media/pci/cx88/cx88-tvaudio.c:cx88_audio_thread",
)


@dataclass(frozen=True)
class Mode:
    archs: Tuple[Arch, ...]
    cases: Dict[str, Tuple[str, Status, str, Tuple[str, ...]]]
    sample: Tuple[str, ...]
    #: Read reports/linux-6.12/inventory.json when it is of the tree's HEAD.
    committed_inventory: bool = False

    @staticmethod
    def full() -> "Mode":
        return Mode(ARCHS, BUILD_CASES, SAMPLE)

    @staticmethod
    def small() -> "Mode":
        arch = small(by_name("x86_64"), SMALL_CONFIG)
        cases = {name: (path, status, config, tuple(w.replace("x86_64 allmodconfig", arch.label)
                                                    for w in words))
                 for name, (path, status, config, words) in BUILD_CASES.items()
                 if config == "x86_64"}
        return Mode((arch,), cases, SMALL_SAMPLE, committed_inventory=True)


def build_units(mode: Mode) -> List[Unit]:
    return [Unit(unit_id=name, thread_functions=(f"{path}:{name.replace('-', '_')}:1",),
                 patch=(PATCHES / f"{name}.patch").read_text(), files=(path,))
            for name, (path, _, _, _) in mode.cases.items()]


def check_builds(mode: Mode, results: Dict[str, UnitResult]) -> List[Tuple[str, bool, str]]:
    outcomes = []
    for name, (path, status, arch, words) in mode.cases.items():
        got = results[name].gate(Gate.COMPILE)
        ok = (got is not None and got.status == status and got.data.get("configs") == {path: arch}
              and all(word in got.detail for word in words))
        outcomes.append((f"gate 2: {name}: {status.value} in {arch}", ok,
                         f"got {got.status.value} {got.data.get('configs')}: {got.detail}"
                         if got else "gate 2 did not run"))
    return outcomes


def check_sample(mode: Mode, units: List[Unit], results: Dict[str, UnitResult]
                 ) -> List[Tuple[str, bool, str]]:
    outcomes = []
    for thread in mode.sample:
        unit = next((u for u in units
                     if any(tf == thread or tf.startswith(thread + ":")
                            for tf in u.thread_functions)), None)
        if unit is None:
            outcomes.append((f"sample: {thread}", False, "the engine returned no unit for it"))
            continue
        result = results[unit.unit_id]
        outcomes.append((f"sample: {thread}: verified by all five checks",
                         result.verdict == Verdict.VERIFIED,
                         f"{result.verdict.value}: {result.reason}"))
    return outcomes


def inventory_of(base: Base, mode: Mode, jobs: int) -> dict:
    """The committed inventory when it is of the tree's HEAD (small mode), else a scan."""
    committed = REPORTS / "inventory.json"
    if mode.committed_inventory and committed.is_file():
        inventory = json.loads(committed.read_text())
        if inventory.get("tree", {}).get("head") == base.tree_head:
            print("convert-sample: inventory from reports/linux-6.12/inventory.json",
                  flush=True)
            return inventory
    return scan_inventory(base.path, jobs)


def run(ksrc: Path, series: Path, paths: VerifyPaths, jobs: int,
        mode: Mode) -> List[Tuple[str, bool, str]]:
    started = time.monotonic()
    with dir_lock(paths.root, "run_convert_sample"):
        base = prepare_base(ksrc, series, paths)
        print(f"convert-sample: BASE ready in {time.monotonic() - started:.0f} s", flush=True)
        engine = enginemod.load()
        inventory = inventory_of(base, mode, jobs)
        sample = [enginemod.to_unit(c)
                  for c in enginemod.plan(engine, base.path, inventory, mode.sample)]
        print(f"convert-sample: engine plan ready at {time.monotonic() - started:.0f} s",
              flush=True)
        stats = VerifyStats()
        units = build_units(mode) + sample
        settings = dataclasses.replace(verify_settings(paths, base, jobs, engine, True),
                                       archs=mode.archs)
        results = verify(units, settings, stats)
    t = stats.compile
    if t is not None:
        print("convert-sample: configure "
              + ", ".join(f"{a} {s:.0f} s" for a, s in t.configure.items())
              + f"; probe {t.probe:.0f} s; unconverted {t.files_original} files "
              f"{t.original:.0f} s; converted {t.files_converted} files {t.converted:.0f} s; "
              f"other checks {stats.light_gates:.0f} s; {stats.cached} units from the cache")
    return check_builds(mode, results) + check_sample(mode, sample, results)


def main() -> int:
    parser = argparse.ArgumentParser(prog="run_convert_sample")
    parser.add_argument("--tree", type=Path, default=PROJECT / "build" / "linux-6.12")
    parser.add_argument("--series", type=Path, default=PROJECT / "kernel-patches")
    parser.add_argument("--build-dir", type=Path, default=None)
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--small", action="store_true",
                        help="make check's sample: x86_64 allnoconfig + small.config")
    args = parser.parse_args()
    ksrc = args.tree.resolve()
    paths = (VerifyPaths.for_tree(ksrc, args.build_dir.resolve()) if args.build_dir
             else VerifyPaths.for_tree(ksrc))
    jobs = args.jobs or 2
    if args.small and gitident.resolve(ksrc) is None:
        # BASE's series commits need an author; they stay in build/ and are never mailed.
        os.environ.update(SCRATCH_IDENTITY.env())
        print(f"convert-sample: no git identity: BASE is committed as {SCRATCH_IDENTITY.name}",
              flush=True)
    started = time.monotonic()
    try:
        outcomes = run(ksrc, args.series.resolve(), paths, jobs,
                       Mode.small() if args.small else Mode.full())
    except VerifyError as err:
        print(f"convert-sample: error: {err}", file=sys.stderr)
        return 2
    for name, ok, detail in outcomes:
        print(f"{'ok' if ok else 'not ok'} - {name}" + ("" if ok else f" # {detail}"))
    failed = sum(1 for _, ok, _ in outcomes if not ok)
    print(f"convert-sample: {len(outcomes) - failed} passed, {failed} failed, "
          f"{time.monotonic() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
