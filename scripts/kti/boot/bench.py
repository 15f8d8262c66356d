# SPDX-License-Identifier: GPL-2.0
"""Turn the benchmark boot's log into figures: per-iteration cost and time to freeze.

The guest prints raw measurements, the host does the arithmetic:
- the test module (bench=1) prints one line per timed run:
  `kti_bench: cost kind=iterant work=0 round=3 iterations=123456 ns=200000000`
  (work: arithmetic steps per iteration besides the loop itself; 0 = pure loop overhead)
- the bench scenario brackets each freeze population with
  `kti_bench: freeze population=iterant threads=16 begin` / `... end`; in between the kernel's
  own "Freezing remaining freezable tasks completed (elapsed X seconds)" lines, and the test
  module's `kti_freeze: ... frozen_us=N` lines, give the time to freeze that population.
Medians, not means: the guest runs under TCG on a shared host, and one descheduled round
should not move the figure.
"""
import re
import statistics
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

TARGET_RATIO = 1.10
_COST = re.compile(r"kti_bench: cost kind=(?P<kind>\w+) work=(?P<work>\d+) round=\d+ "
                   r"iterations=(?P<iterations>\d+) ns=(?P<ns>\d+)")
_POPULATION = re.compile(r"kti_bench: freeze population=(?P<name>\w+) threads=(?P<threads>\d+) "
                         r"(?P<edge>begin|end)")
_KERNEL_FREEZE = re.compile(r"Freezing remaining freezable tasks completed "
                            r"\(elapsed (?P<seconds>\d+\.\d+) seconds\)")
_MODULE_FREEZE = re.compile(r"kti_freeze: .*frozen_us=(?P<us>\d+)")


@dataclass
class Figures:
    """Raw samples by kind/population; the summary is computed from these."""

    cost_ns: Dict[int, Dict[str, List[float]]] = field(default_factory=dict)
    freeze_ms: Dict[str, List[float]] = field(default_factory=dict)
    module_freeze_us: Dict[str, List[float]] = field(default_factory=dict)
    threads: Dict[str, int] = field(default_factory=dict)

    def ratio(self, work: Optional[int] = None) -> Optional[float]:
        """Median iterant cost over median hand-written loop cost, per iteration.

        Without `work`, for the smallest work measured: the headline figure is the one
        where the loop itself is all there is, the worst case for the iterant core.
        """
        if work is None:
            if not self.cost_ns:
                return None
            work = min(self.cost_ns)
        costs = self.cost_ns.get(work, {})
        iterant = costs.get("iterant")
        loop = costs.get("loop")
        if not iterant or not loop:
            return None
        return statistics.median(iterant) / statistics.median(loop)

    def complete(self) -> bool:
        """True when the log held both cost kinds and both freeze populations."""
        return (self.ratio() is not None
                and bool(self.freeze_ms.get("iterant")) and bool(self.freeze_ms.get("legacy")))


def summarize(lines: Sequence[str]) -> Figures:
    """Collect every measurement the benchmark boot printed."""
    figures = Figures()
    population: Optional[str] = None
    for line in lines:
        match = _COST.search(line)
        if match and int(match["iterations"]) > 0:
            by_kind = figures.cost_ns.setdefault(int(match["work"]), {})
            by_kind.setdefault(match["kind"], []).append(
                int(match["ns"]) / int(match["iterations"]))
            continue
        match = _POPULATION.search(line)
        if match:
            population = match["name"] if match["edge"] == "begin" else None
            figures.threads[match["name"]] = int(match["threads"])
            continue
        if population is None:
            continue
        match = _KERNEL_FREEZE.search(line)
        if match:
            figures.freeze_ms.setdefault(population, []).append(float(match["seconds"]) * 1000)
            continue
        match = _MODULE_FREEZE.search(line)
        if match:
            figures.module_freeze_us.setdefault(population, []).append(float(match["us"]))
    return figures


def _describe(samples: List[float], unit: str) -> str:
    return (f"median {statistics.median(samples):.1f} {unit} (min {min(samples):.1f}, "
            f"max {max(samples):.1f}, n={len(samples)})")


def format_figures(figures: Figures) -> List[str]:
    """The benchmark report printed by `make bench-core`."""
    lines = ["bench-core: per-iteration cost, iterant kthread vs hand-written loop "
             "(same boot, same CPU, alternating runs):"]
    for work in sorted(figures.cost_ns):
        for kind in ("loop", "iterant"):
            samples = figures.cost_ns[work].get(kind)
            lines.append(f"  work={work:<4} {kind:8} "
                         + (_describe(samples, "ns/iteration") if samples else "no samples"))
        ratio = figures.ratio(work)
        if ratio is not None:
            lines.append(f"  work={work:<4} ratio    {ratio:.3f}")
    ratio = figures.ratio()
    if ratio is None:
        lines.append("bench-core: overhead ratio: not measured")
    else:
        verdict = "within" if ratio <= TARGET_RATIO else "ABOVE"
        lines.append(f"bench-core: overhead ratio iterant/loop = {ratio:.3f} at work="
                     f"{min(figures.cost_ns)} ({verdict} the {TARGET_RATIO:.2f} target)")
    lines.append("bench-core: time to freeze the kernel threads (kernel's elapsed figure, "
                 "per population loaded alone):")
    for name in ("iterant", "legacy"):
        samples = figures.freeze_ms.get(name)
        threads = figures.threads.get(name, 0)
        text = _describe(samples, "ms") if samples else "no samples"
        lines.append(f"  {name:8} x{threads:<3} {text}")
        module = figures.module_freeze_us.get(name)
        if module:
            lines.append(f"  {'':8}      prepare -> last test thread frozen: "
                         + _describe(module, "us"))
    return lines
