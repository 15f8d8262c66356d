# SPDX-License-Identifier: GPL-2.0
"""The cover letter of a series: subject and text (git format-patch adds the shortlog, the
diffstat and the base-commit / prerequisite-patch-id lines below it)."""
import textwrap
from typing import List

from .changelog import CoreSeries, freezability, subject
from .model import Series

WIDTH = 72


def cover_subject(series: Series) -> str:
    if len(series.patches) == 1:
        return subject(series.patches[0].prefix, series.patches[0].unit)
    return f"{series.prefix}: Convert {len(series.patches)} kthreads to the iterant kthread API"


def _wrap(text: str, indent: str = "", later: str = "") -> List[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=later or indent,
                         break_on_hyphens=False, break_long_words=False)


def blurb(series: Series, core: CoreSeries, review_page: str) -> str:
    n = sum(len(patch.unit.thread_functions) for patch in series.patches)
    kthreads = "this kthread" if n == 1 else f"these {n} kthreads"
    lines = _wrap(f"This series converts {kthreads} of {series.section} to the iterant "
                  "kthread API: each loop becomes the func callback of a const struct "
                  "kthread_iterant, and the kthread core owns the stop, park, freezer and "
                  "signal checkpoints between iterations.")
    lines += [""] + _wrap(
        f"It depends on the series \"{core.title}\" ({core.patches} patches), which adds "
        "the API: apply that series first, then this one, on the base commit named at the "
        "end of this mail (the prerequisite-patch-id lines are the patches of that series)."
        + (f" The core series: {core.link}" if core.link else ""))
    lines += ["", "Kthreads converted, with what to look at first:", ""]
    for number, patch in enumerate(series.patches, start=1):
        unit = patch.unit
        names = ", ".join(f"{n}()" for n in unit.names)
        lines += _wrap(f"{number}. {names} in {', '.join(unit.files)}", "  ", "     ")
        risks = ", ".join(r.kind.value for r in unit.facts.risks) or "none"
        lines += _wrap(f"risk flags: {risks}", "     ")
        lines += _wrap(freezability(unit), "     ")
        fit = unit.facts.worker_fit
        lines += _wrap(("kthread_worker would fit better: " if fit.fit
                        else "kthread_worker would not fit better: ") + fit.why, "     ")
    checks = sorted({(g.number, g.title) for p in series.patches for g in p.unit.gates})
    lines += [""] + _wrap("Each patch passed every check of the converter before it was "
                          "emitted:")
    lines += [f"  {number}. {title}" for number, title in checks]
    lines += [""] + _wrap("Each changelog lists the checkpoints moved to the core, every "
                          "behaviour difference, and ends with the semantic patch and the "
                          "spatch command that produced it.  Original and converted code side "
                          f"by side, per kthread: {review_page} in kthread-iterant.")
    return "\n".join(lines)
