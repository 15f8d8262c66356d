# SPDX-License-Identifier: GPL-2.0
"""Wire the steps together: the `test` and `bench` runs of scripts/kti-boot.

Both share the kernel: prepare the worktree, configure and build only when the inputs changed,
then build an initramfs with the run's scenarios and boot it.  `test` judges the log and
returns non-zero on any failure; `bench` prints the figures the benchmark scenarios produced.
"""
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, List, Sequence, Tuple, TypeVar

from . import bench, kbuild, kconfig, ktap, qemu, report, splats
from .errors import RigError
from .fingerprint import build_fingerprint, compiler_version, source_fingerprint
from .initramfs import build_initramfs, scenario_scripts
from .kunit_cases import expected_cases
from .paths import RigPaths
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


@dataclass
class Kernel:
    """A built kernel ready to boot, and the tree it was built from."""

    tree: Path
    image: Path
    modules: List[Path]


def _step(label: str, action: Callable[[], T]) -> T:
    """Run one step, printing its name and wall time (so a slow run shows where time went)."""
    started = time.monotonic()
    print(f"kti-boot: {label} ...", flush=True)
    result = action()
    print(f"kti-boot: {label}: done in {time.monotonic() - started:.1f} s", flush=True)
    return result


def prepare_kernel(opts: RigOptions, paths: RigPaths, log: Path) -> Kernel:
    """Worktree + series, then configure and build unless the same inputs are already built."""
    patches = read_series(opts.patch_dir)
    fragments = [RIG_FRAGMENT]
    if (opts.patch_dir / FRAGMENT_NAME).is_file():
        fragments.append(opts.patch_dir / FRAGMENT_NAME)
    source = source_fingerprint(baseline_commit(opts.ksrc), patches)
    tree = _step(f"worktree + {len(patches)} patches",
                 lambda: prepare_worktree(opts.ksrc, paths.worktree, patches, source))
    print(f"kti-boot: worktree {'reused (unchanged inputs)' if tree.reused else 'fresh'} "
          f"at {tree.path}, HEAD {tree.head[:12]}")
    wanted = build_fingerprint(source, fragments, compiler_version())
    image = paths.objects / "arch" / "x86" / "boot" / "bzImage"
    stamp = paths.build_stamp
    if stamp.is_file() and stamp.read_text().strip() == wanted and image.is_file():
        print("kti-boot: kernel build up to date (same series, fragments and compiler)")
        log.write_text(f"build skipped: inputs unchanged ({wanted})\n")
    else:
        stamp.unlink(missing_ok=True)
        log.write_text("")
        _step("configure (tinyconfig + " + ", ".join(f.name for f in fragments) + ")",
              lambda: kconfig.configure(tree.path, paths.objects, fragments, log))
        image = _step(f"build bzImage + modules (log: {log})",
                      lambda: kbuild.build(tree.path, paths.objects, log, paths.ccache,
                                           opts.jobs))
        stamp.write_text(wanted + "\n")
    return Kernel(tree=tree.path, image=image, modules=kbuild.built_modules(paths.objects))


def boot_guest(kernel: Kernel, scenarios: Sequence[Path], helpers: Sequence[Path],
               last: Path, timeout: float) -> Tuple[List[str], qemu.BootResult]:
    """Build the initramfs with these scenarios, boot, return the console lines."""
    initrd = last / "initramfs.cpio"
    build_initramfs(initrd, BUSYBOX, scenarios, helpers, kernel.modules)
    console = last / "console.log"
    cmdline = qemu.kernel_cmdline([f"kti.scenario_timeout={int(timeout)}"])
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


def _helpers(scenario_dir: Path) -> List[Path]:
    """Shell files scenarios may source: tests/guest/*.sh that are not scenarios."""
    guest_root = scenario_dir if scenario_dir.name != "bench" else scenario_dir.parent
    runnable = set(scenario_scripts(guest_root))
    return sorted(p for p in guest_root.glob("*.sh") if p not in runnable)


def judge(lines: Sequence[str], result: qemu.BootResult, tree: Path, suite: str,
          scenarios: Sequence[Path]) -> Tuple[List[ktap.Outcome], List[splats.Splat]]:
    """Every verdict of a test boot: KUnit cases, scenario results, completion, splats."""
    parser = ktap.load_kunit_parser(tree)
    kernel_part, guest_part = ktap.split_log(lines)
    source, cases = expected_cases(tree, suite)
    print(f"kti-boot: suite {suite}: {len(cases)} KUNIT_CASE entries in "
          f"{source.relative_to(tree)}")
    outcomes = ktap.kunit_outcomes(parser, kernel_part, suite, cases)
    outcomes += ktap.scenario_outcomes(parser, guest_part,
                                       [path.stem for path in scenarios])
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
    last = _fresh_last(paths, "test")
    started = time.monotonic()
    kernel = prepare_kernel(opts, paths, last / "build.log")
    scenarios = scenario_scripts(opts.scenario_dir)
    lines, result = boot_guest(kernel, scenarios, _helpers(opts.scenario_dir), last,
                               opts.timeout)
    outcomes, found = judge(lines, result, kernel.tree, opts.suite, scenarios)
    text = report.summary_lines(outcomes, found, str(last / "console.log"))
    text.insert(-1, f"boot-test: wall time {time.monotonic() - started:.0f} s")
    (last / "summary.txt").write_text("\n".join(text) + "\n")
    if opts.keep:
        _keep_copy(paths, last, "test")
    print("\n".join(text))
    return 0 if all(o.passed for o in outcomes) else 1


def run_bench(opts: RigOptions) -> int:
    """`kti-boot bench`: build, boot the benchmark scenarios, print the figures."""
    paths = RigPaths(opts.build_root)
    last = _fresh_last(paths, "bench")
    kernel = prepare_kernel(opts, paths, last / "build.log")
    bench_dir = opts.scenario_dir / "bench"
    scenarios = scenario_scripts(bench_dir)
    if not scenarios:
        raise RigError(f"no benchmark scenarios in {bench_dir}")
    lines, result = boot_guest(kernel, scenarios, _helpers(bench_dir), last, opts.timeout)
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
