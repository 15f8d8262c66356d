# SPDX-License-Identifier: GPL-2.0
"""The boot test's verdict as text: failures spelled out, then the one-line count."""
from typing import Iterable, List, Sequence

from .ktap import Outcome
from .splats import Splat


def summary_lines(outcomes: Sequence[Outcome], splats: Sequence[Splat],
                  console_log: str, label: str = "boot-test") -> List[str]:
    """Lines for the reader: every failure with its reason, splats with line numbers.

    label starts the first and last line (boot-test, or boot-test-baseline).
    """
    failed = [o for o in outcomes if not o.passed]
    lines = [f"{label}: console log: {console_log}"]
    for outcome in failed:
        lines.append(f"  FAIL {outcome.name}" + (f" ({outcome.detail})" if outcome.detail else ""))
    for splat in splats[:20]:
        lines.append(f"  splat at console.log:{splat.lineno}: {splat.line}")
    if len(splats) > 20:
        lines.append(f"  ... {len(splats) - 20} more splat lines")
    lines.append(final_line(outcomes, label))
    return lines


def final_line(outcomes: Iterable[Outcome], label: str = "boot-test") -> str:
    """`boot-test: N passed, N failed` (the last line of every run)."""
    results = list(outcomes)
    passed = sum(1 for o in results if o.passed)
    return f"{label}: {passed} passed, {len(results) - passed} failed"
