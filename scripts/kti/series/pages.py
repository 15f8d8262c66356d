# SPDX-License-Identifier: GPL-2.0
"""The review pages of make patches: reports/<tree>/series/<slug>.html, series.json, and
index.html rendered again with links to them (from the inventory in inventory.json)."""
import json
import os
import tempfile
from pathlib import Path
from typing import Dict, List

from .. import report_html
from ..inventory import Inventory
from ..report_series_html import Check, KthreadView, SeriesView, links_json, render
from ..sources import Sources
from . import outdir
from .changelog import freezability
from .conversions import unit_stem
from .cover import cover_subject
from .pipeline import Result, WrittenSeries, load_inventory

SERIES_FOLDER = "series"


def _stems(inv: Inventory) -> Dict[str, str]:
    stems: Dict[str, str] = {}
    for tfn, stem in zip(inv.thread_functions, report_html.anchors(inv.thread_functions)):
        stems.setdefault(tfn.id, stem)
    return stems


def series_view(ws: WrittenSeries, result: Result, inv: Inventory, patch_folder: str) -> SeriesView:
    stems = _stems(inv)
    verdicts = {}
    for tfn in inv.thread_functions:
        verdicts.setdefault(tfn.id, tfn.verdict)
    series_checks = tuple(Check(c.tool, c.status.value, c.detail) for c in ws.checks)
    kthreads: List[KthreadView] = []
    for patch in ws.patches:
        unit, facts = patch.unit, patch.unit.facts
        first = unit.thread_functions[0]
        checks = [Check(f"converter check {g.number}: {g.title}", g.status.value, g.detail)
                  for g in sorted(unit.gates, key=lambda g: g.number)]
        checks += [Check(f"patch: {c.tool}", c.status.value, c.detail) for c in patch.checks]
        checks += [Check(f"series: {c.name}", c.status, c.detail) for c in series_checks]
        kthreads.append(KthreadView(
            stem=stems.get(first) or unit_stem(first), names=unit.names,
            unit_id=unit.unit_id, files=unit.files,
            verdicts=tuple((tf, verdicts.get(tf, "not in the inventory"))
                           for tf in unit.thread_functions),
            subject=patch.subject, patch_file=patch.file,
            message=patch.text.partition("\n\n")[2].partition("\n---\n")[0],
            freezability=freezability(unit), flags=facts.flags,
            checkpoints_moved=facts.checkpoints_moved,
            behaviour_changes=facts.behaviour_changes,
            risks=tuple((r.kind.value, r.detail) for r in facts.risks),
            worker_fit=facts.worker_fit.fit, worker_why=facts.worker_fit.why,
            checks=tuple(checks), before=patch.before, after=patch.after))
    series = ws.series
    return SeriesView(slug=series.slug, title=cover_subject(series), section=series.section,
                      prefix=series.prefix, to=series.to, cc=series.cc, base=result.base,
                      core_title=result.core.title, core_link=result.core.link,
                      patch_folder=patch_folder, checks=series_checks,
                      kthreads=tuple(kthreads))


def _replace_file(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def write_pages(reports: Path, result: Result, out: Path, tree: Path) -> List[Path]:
    """Write the series pages and index.html again; returns the pages."""
    inv = load_inventory(reports)
    folder = reports / SERIES_FOLDER
    outdir.check_owned(folder)
    views = [series_view(ws, result, inv,
                         os.path.relpath(out / ws.series.slug, folder.resolve()) + "/")
             for ws in result.written]
    files = {f"{v.slug}.html": render(v) for v in views}
    files["series.json"] = links_json(views)
    outdir.write_folder(folder, files)
    series_list = json.loads(files["series.json"])["series"]
    _replace_file(reports / "index.html",
                  report_html.render(inv, Sources(tree).text, series_list))
    return [folder / f"{v.slug}.html" for v in views]
