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

Prints one line per check and the time of each phase; exit status 1 on any failure, 2 when
it cannot run (no engine, no series, no identity).
"""
import argparse
import sys
import time
from pathlib import Path
from typing import Dict, List, Tuple

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "scripts"))

from kti.boot.paths import dir_lock  # noqa: E402
from kti.verify import engine as enginemod  # noqa: E402
from kti.verify.base import prepare_base  # noqa: E402
from kti.verify.convert import scan_inventory, verify_settings  # noqa: E402
from kti.verify.errors import VerifyError  # noqa: E402
from kti.verify.model import Gate, Status, Unit, UnitResult, Verdict  # noqa: E402
from kti.verify.paths import VerifyPaths  # noqa: E402
from kti.verify.pipeline import VerifyStats, verify  # noqa: E402

PATCHES = PROJECT / "tests" / "verify" / "patches"

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


def build_units() -> List[Unit]:
    return [Unit(unit_id=name, thread_functions=(f"{path}:{name}",),
                 patch=(PATCHES / f"{name}.patch").read_text(), files=(path,))
            for name, (path, _, _, _) in BUILD_CASES.items()]


def check_builds(results: Dict[str, UnitResult]) -> List[Tuple[str, bool, str]]:
    outcomes = []
    for name, (path, status, arch, words) in BUILD_CASES.items():
        got = results[name].gate(Gate.COMPILE)
        ok = (got is not None and got.status == status and got.data.get("configs") == {path: arch}
              and all(word in got.detail for word in words))
        outcomes.append((f"gate 2: {name}: {status.value} in {arch}", ok,
                         f"got {got.status.value} {got.data.get('configs')}: {got.detail}"
                         if got else "gate 2 did not run"))
    return outcomes


def check_sample(units: List[Unit], results: Dict[str, UnitResult]
                 ) -> List[Tuple[str, bool, str]]:
    outcomes = []
    for thread in SAMPLE:
        unit = next((u for u in units if thread in u.thread_functions), None)
        if unit is None:
            outcomes.append((f"sample: {thread}", False, "the engine returned no unit for it"))
            continue
        result = results[unit.unit_id]
        outcomes.append((f"sample: {thread}: verified by all five checks",
                         result.verdict == Verdict.VERIFIED,
                         f"{result.verdict.value}: {result.reason}"))
    return outcomes


def run(ksrc: Path, series: Path, paths: VerifyPaths, jobs: int) -> List[Tuple[str, bool, str]]:
    started = time.monotonic()
    with dir_lock(paths.root, "run_convert_sample"):
        base = prepare_base(ksrc, series, paths)
        print(f"convert-sample: BASE ready in {time.monotonic() - started:.0f} s", flush=True)
        engine = enginemod.load()
        inventory = scan_inventory(base.path, jobs)
        sample = [enginemod.to_unit(c)
                  for c in enginemod.plan(engine, base.path, inventory, SAMPLE)]
        print(f"convert-sample: engine plan ready at {time.monotonic() - started:.0f} s",
              flush=True)
        stats = VerifyStats()
        units = build_units() + sample
        results = verify(units, verify_settings(paths, base, jobs, engine, True), stats)
    t = stats.compile
    if t is not None:
        print("convert-sample: configure "
              + ", ".join(f"{a} {s:.0f} s" for a, s in t.configure.items())
              + f"; probe {t.probe:.0f} s; unconverted {t.files_original} files "
              f"{t.original:.0f} s; converted {t.files_converted} files {t.converted:.0f} s; "
              f"other checks {stats.light_gates:.0f} s; {stats.cached} units from the cache")
    return check_builds(results) + check_sample(sample, results)


def main() -> int:
    parser = argparse.ArgumentParser(prog="run_convert_sample")
    parser.add_argument("--tree", type=Path, default=PROJECT / "build" / "linux-6.12")
    parser.add_argument("--series", type=Path, default=PROJECT / "kernel-patches")
    parser.add_argument("--build-dir", type=Path, default=None)
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()
    ksrc = args.tree.resolve()
    paths = (VerifyPaths.for_tree(ksrc, args.build_dir.resolve()) if args.build_dir
             else VerifyPaths.for_tree(ksrc))
    jobs = args.jobs or 2
    started = time.monotonic()
    try:
        outcomes = run(ksrc, args.series.resolve(), paths, jobs)
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
