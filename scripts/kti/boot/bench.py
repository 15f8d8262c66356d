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
should not move the figure.  The ratio pairs the two kinds of each round (they run back to
back on the same CPU) and takes the median of the per-round ratios, so a host that slows
down for a while scales both sides of a pair instead of one side of the ratio.
"""
import re
import statistics
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

TARGET_RATIO = 1.10
_COST = re.compile(r"kti_bench: cost kind=(?P<kind>\w+) work=(?P<work>\d+) round=(?P<round>\d+) "
                   r"iterations=(?P<iterations>\d+) ns=(?P<ns>\d+)")
_POPULATION = re.compile(r"kti_bench: freeze population=(?P<name>\w+) threads=(?P<threads>\d+) "
                         r"(?P<edge>begin|end)")
_KERNEL_FREEZE = re.compile(r"Freezing remaining freezable tasks completed "
                            r"\(elapsed (?P<seconds>\d+\.\d+) seconds\)")
_MODULE_FREEZE = re.compile(r"kti_freeze: .*frozen_us=(?P<us>\d+)")


@dataclass
class Figures:
    """Raw samples by kind/population; the summary is computed from these."""

    #: work -> round -> kind -> ns per iteration.
    rounds: Dict[int, Dict[int, Dict[str, float]]] = field(default_factory=dict)
    freeze_ms: Dict[str, List[float]] = field(default_factory=dict)
    module_freeze_us: Dict[str, List[float]] = field(default_factory=dict)
    threads: Dict[str, int] = field(default_factory=dict)

    @property
    def cost_ns(self) -> Dict[int, Dict[str, List[float]]]:
        """work -> kind -> ns per iteration of every round, in round order."""
        costs: Dict[int, Dict[str, List[float]]] = {}
        for work, by_round in self.rounds.items():
            by_kind = costs.setdefault(work, {})
            for _, kinds in sorted(by_round.items()):
                for kind, cost in kinds.items():
                    by_kind.setdefault(kind, []).append(cost)
        return costs

    def paired_ratios(self, work: int) -> List[float]:
        """iterant / loop cost per iteration of every round that measured both kinds."""
        return [kinds["iterant"] / kinds["loop"]
                for _, kinds in sorted(self.rounds.get(work, {}).items())
                if "iterant" in kinds and "loop" in kinds]

    def ratio(self, work: Optional[int] = None) -> Optional[float]:
        """Median of the per-round iterant/loop cost ratios.

        Without `work`, for the smallest work measured: the headline figure is the one
        where the loop itself is all there is, the worst case for the iterant core.
        """
        if work is None:
            if not self.rounds:
                return None
            work = min(self.rounds)
        ratios = self.paired_ratios(work)
        return statistics.median(ratios) if ratios else None

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
            figures.rounds.setdefault(int(match["work"]), {}).setdefault(
                int(match["round"]), {})[match["kind"]] = (int(match["ns"])
                                                           / int(match["iterations"]))
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
    costs = figures.cost_ns
    for work in sorted(costs):
        for kind in ("loop", "iterant"):
            samples = costs[work].get(kind)
            lines.append(f"  work={work:<4} {kind:8} "
                         + (_describe(samples, "ns/iteration") if samples else "no samples"))
        ratios = figures.paired_ratios(work)
        if ratios:
            lines.append(f"  work={work:<4} ratio    {statistics.median(ratios):.3f} "
                         f"(median of {len(ratios)} paired rounds; min {min(ratios):.3f}, "
                         f"max {max(ratios):.3f})")
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
