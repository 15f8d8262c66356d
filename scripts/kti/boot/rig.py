# SPDX-License-Identifier: GPL-2.0
"""Wire the steps together: the `test` and `bench` runs of scripts/kti-boot.

Both share the kernel: prepare the worktree, configure and build only when the inputs changed,
then build an initramfs with the run's scenarios and boot it.  `test` judges the log and
returns non-zero on any failure; `bench` prints the figures the benchmark scenarios produced.
`test --baseline` builds the tree without the series (in its own build root) and runs the
conversion scenarios, the measurement the converted kernel is compared with.  `converted`
boots the same kernel as `test` and runs the scenarios of the generated conversions: that
kernel carries, after the series, the converter's patches for the set those scenarios declare
(conversions.py), so one converted and one baseline kernel serve every run.
"""
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, List, Sequence, Tuple, TypeVar

from . import bench, conversions, kbuild, kconfig, ktap, qemu, report, splats
from .fingerprint import build_fingerprint, compiler_version, source_fingerprint
from .initramfs import build_initramfs
from .scenarios import (GENERATED_DIR, ScenarioSet, baseline_sets, bench_sets,
                        generated_sets, scenario_fragments, scenario_scripts, stress_sets,
                        test_sets)
from .kunit_cases import expected_cases
from .paths import PROJECT, RigPaths, run_lock
from .series import read_series
from .worktree import baseline_commit, prepare_worktree

RIG_FRAGMENT = Path(__file__).with_name("rig.config")
FRAGMENT_NAME = "kthread-iterant.config"
BUSYBOX = Path("/bin/busybox")
T = TypeVar("T")


@dataclass
class RigOptions:
    """What the CLI asked for."""

    ksrc: Path
    patch_dir: Path
    scenario_dir: Path
    build_root: Path
    suite: str
    timeout: float
    keep: bool
    jobs: int = 0
    baseline: bool = False
    #: The converter's report (conversions.json) the generated conversions come from.
    report: Path = PROJECT / "reports" / "linux-6.12" / "conversions.json"
    #: Run the generated-conversion scenarios (`kti-boot converted`).
    generated: bool = False
    #: Run the stress pass over them instead (`kti-boot stress`).
    stress: bool = False
    #: ccache's directory, shared by the converted and the baseline build.
    ccache_dir: Path = PROJECT / "build" / "boot-ccache"

    @property
    def label(self) -> str:
        """How the run names itself in its summary lines."""
        if self.stress:
            return "stress-baseline" if self.baseline else "stress-converted"
        if self.generated:
            return "boot-test-converted"
        return "boot-test-baseline" if self.baseline else "boot-test"


@dataclass
class Kernel:
    """A built kernel ready to boot, and the tree it was built from."""

    tree: Path
    image: Path
    modules: List[Path]
    patched: bool
    #: The set's units and where each stands in the converter's report (converted kernel).
    units: List[conversions.UnitStatus]


def _step(label: str, action: Callable[[], T]) -> T:
    """Run one step, printing its name and wall time (so a slow run shows where time went)."""
    started = time.monotonic()
    print(f"kti-boot: {label} ...", flush=True)
    result = action()
    print(f"kti-boot: {label}: done in {time.monotonic() - started:.1f} s", flush=True)
    return result


def prepare_kernel(opts: RigOptions, paths: RigPaths, log: Path) -> Kernel:
    """Worktree + series, then configure and build unless the same inputs are already built.

    The baseline run applies no patches but keeps the fragments, minus the options only the
    series defines.
    """
    patches = [] if opts.baseline else read_series(opts.patch_dir)
    units = generated_units(opts)
    if not opts.baseline:
        patches += conversions.write_patches(units, paths.root / "conversions")
    fragments = [RIG_FRAGMENT]
    if (opts.patch_dir / FRAGMENT_NAME).is_file():
        fragments.append(opts.patch_dir / FRAGMENT_NAME)
    fragments += scenario_fragments(opts.scenario_dir)
    source = source_fingerprint(baseline_commit(opts.ksrc), patches)
    tree = _step(f"worktree + {len(patches)} patches",
                 lambda: prepare_worktree(opts.ksrc, paths.worktree, patches, source))
    print(f"kti-boot: worktree {'reused (unchanged inputs)' if tree.reused else 'fresh'} "
          f"at {tree.path}, tree {tree.tree[:12]}")
    wanted = build_fingerprint(source, fragments, compiler_version())
    image = paths.objects / "arch" / "x86" / "boot" / "bzImage"
    stamp = paths.build_stamp
    if stamp.is_file() and stamp.read_text().strip() == wanted and image.is_file():
        print("kti-boot: kernel build up to date (same series, fragments and compiler)")
        log.write_text(f"build skipped: inputs unchanged ({wanted})\n")
    else:
        stamp.unlink(missing_ok=True)
        log.write_text("")
        dropped = _step("configure (tinyconfig + " + ", ".join(f.name for f in fragments) + ")",
                        lambda: kconfig.configure(tree.path, paths.objects, fragments, log,
                                                  allow_undefined=opts.baseline))
        if dropped:
            print("kti-boot: not required on the baseline (undefined there): "
                  + ", ".join(dropped))
        image = _step(f"build bzImage + modules (log: {log})",
                      lambda: kbuild.build(tree.path, paths.objects, log, opts.ccache_dir,
                                           opts.jobs))
        stamp.write_text(wanted + "\n")
    return Kernel(tree=tree.path, image=image, modules=kbuild.built_modules(paths.objects),
                  patched=not opts.baseline, units=units)


def generated_units(opts: RigOptions) -> List[conversions.UnitStatus]:
    """The units the generated-conversion scenarios declare, looked up in the report."""
    directory = opts.scenario_dir / GENERATED_DIR
    if not directory.is_dir():
        return []
    units = conversions.declared_units(directory, scenario_scripts(directory))
    return conversions.resolve(units, conversions.read_report(opts.report), opts.report.parent)


def unit_outcomes(units: Sequence[conversions.UnitStatus]) -> List[ktap.Outcome]:
    """One rig check per unit of the set: it is in the report, verified, and applied."""
    return [ktap.Outcome(f"rig: {status.unit.unit_id} is a verified conversion in the "
                         "converter report", status.state == conversions.State.APPLIED,
                         status.describe())
            for status in units]


def conversion_list(kernel: Kernel) -> bytes:
    """/scenarios/generated/conversions.list: the units whose patch this kernel carries."""
    if not kernel.patched:
        return b""
    return "".join(f"{s.unit.unit_id}\n" for s in kernel.units
                   if s.state == conversions.State.APPLIED).encode()


def boot_guest(kernel: Kernel, sets: Sequence[ScenarioSet], last: Path,
               timeout: float) -> Tuple[List[str], qemu.BootResult]:
    """Build the initramfs with these scenarios, boot, return the console lines.

    kti.kernel tells scenarios that compare behaviour before and after the series which
    kernel they run on: "converted" with the series applied, "baseline" without patches.
    """
    initrd = last / "initramfs.cpio"
    build_initramfs(initrd, BUSYBOX, sets, kernel.modules,
                    {f"scenarios/{GENERATED_DIR}/conversions.list": conversion_list(kernel)})
    console = last / "console.log"
    flavour = "converted" if kernel.patched else "baseline"
    cmdline = qemu.kernel_cmdline([f"kti.scenario_timeout={int(timeout)}",
                                   f"kti.kernel={flavour}"])
    result = _step(f"boot qemu (timeout {timeout:.0f} s, console: {console})",
                   lambda: qemu.boot(kernel.image, initrd, console, timeout, cmdline))
    if result.timed_out:
        print(f"kti-boot: qemu killed after {result.seconds:.0f} s (hard timeout)")
    return console.read_text(errors="replace").splitlines(), result


def _fresh_last(paths: RigPaths, mode: str) -> Path:
    last = paths.last(mode)
    if last.exists():
        shutil.rmtree(last)
    last.mkdir(parents=True)
    return last


def _keep_copy(paths: RigPaths, last: Path, mode: str) -> None:
    target = paths.runs / f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{mode}"
    shutil.copytree(last, target)
    print(f"kti-boot: run kept in {target}")


def judge(lines: Sequence[str], result: qemu.BootResult, tree: Path, suite: str,
          cases: Sequence[str], scenarios: Sequence[str],
          suite_expected: bool = True) -> Tuple[List[ktap.Outcome], List[splats.Splat]]:
    """Every verdict of a test boot: KUnit cases, scenario results, completion, splats.

    Without suite_expected (the baseline), the suite must not show up at all: if it does,
    the kernel under test has the series and the baseline measurement would be wrong.
    """
    parser = ktap.load_kunit_parser(tree)
    kernel_part, guest_part = ktap.split_log(lines)
    outcomes = ktap.kunit_outcomes(parser, kernel_part, suite, cases)
    if not suite_expected:
        ran = any(o.name == suite or o.name.startswith(suite + ".") for o in outcomes)
        outcomes.append(ktap.Outcome(f"rig: no {suite} KUnit suite on the baseline", not ran,
                                     "the suite ran: is the series applied?" if ran else ""))
    outcomes += ktap.scenario_outcomes(parser, guest_part, scenarios)
    finished = any(ktap.SCENARIOS_END in line for line in lines)
    outcomes.append(ktap.Outcome("rig: guest ran to the end", finished and not result.timed_out,
                                 "timed out" if result.timed_out else
                                 "" if finished else "no end marker in the log"))
    found = splats.find_splats(lines)
    outcomes.append(ktap.Outcome("rig: no kernel splats in the log", not found,
                                 f"{len(found)} splat lines" if found else ""))
    return outcomes, found


def run_test(opts: RigOptions) -> int:
    """`kti-boot test`: build, boot, judge; 0 when everything passed."""
    paths = RigPaths(opts.build_root)
    started = time.monotonic()
    if opts.stress:
        sets = stress_sets(opts.scenario_dir)
    elif opts.generated:
        sets = generated_sets(opts.scenario_dir)
    elif opts.baseline:
        sets = baseline_sets(opts.scenario_dir)
    else:
        sets = test_sets(opts.scenario_dir)
    names = [name for scenario_set in sets for name in scenario_set.names()]
    with run_lock(paths):
        last = _fresh_last(paths, "test")
        kernel = prepare_kernel(opts, paths, last / "build.log")
        cases: List[str] = []
        if opts.baseline:
            print(f"kti-boot: baseline: expecting no {opts.suite} KUnit suite and "
                  f"{len(names)} guest scenarios")
        else:
            source, cases = expected_cases(kernel.tree, opts.suite)
            print(f"kti-boot: expecting {len(cases)} KUnit cases of {opts.suite} "
                  f"({source.relative_to(kernel.tree)}) and {len(names)} guest scenarios")
        lines, result = boot_guest(kernel, sets, last, opts.timeout)
        outcomes, found = judge(lines, result, kernel.tree, opts.suite, cases, names,
                                suite_expected=not opts.baseline)
        if opts.generated:
            outcomes = unit_outcomes(kernel.units) + outcomes
        text = report.summary_lines(outcomes, found, str(last / "console.log"), opts.label)
        text.insert(-1, f"{opts.label}: wall time {time.monotonic() - started:.0f} s")
        (last / "summary.txt").write_text("\n".join(text) + "\n")
        if opts.keep:
            _keep_copy(paths, last, "test")
    print("\n".join(text))
    return 0 if all(o.passed for o in outcomes) else 1


def run_build(opts: RigOptions) -> int:
    """`kti-boot build`: configure and build the kernel a test run would boot, nothing else."""
    paths = RigPaths(opts.build_root)
    with run_lock(paths):
        last = _fresh_last(paths, "build")
        kernel = prepare_kernel(opts, paths, last / "build.log")
    print(f"kti-boot: kernel {kernel.image}, {len(kernel.modules)} modules")
    return 0


def run_bench(opts: RigOptions) -> int:
    """`kti-boot bench`: build, boot the benchmark scenarios, print the figures."""
    paths = RigPaths(opts.build_root)
    sets = bench_sets(opts.scenario_dir)
    with run_lock(paths):
        last = _fresh_last(paths, "bench")
        kernel = prepare_kernel(opts, paths, last / "build.log")
        lines, result = boot_guest(kernel, sets, last, opts.timeout)
    figures = bench.summarize(lines)
    text = bench.format_figures(figures)
    found = splats.find_splats(lines)
    if found:
        text.append(f"bench-core: warning: {len(found)} splat lines in the log "
                    f"(first: {found[0].line})")
    if result.timed_out:
        text.append("bench-core: warning: the guest timed out; figures may be incomplete")
    (last / "summary.txt").write_text("\n".join(text) + "\n")
    if opts.keep:
        _keep_copy(paths, last, "bench")
    print("\n".join(text))
    return 0 if figures.complete() else 1
