# SPDX-License-Identifier: GPL-2.0
"""make patches from end to end: verified units -> series on disk, checked.

Dates are the tree HEAD's commit time (the cover letter) plus the patch number in seconds;
Message-IDs come from the content (mails.py); git runs without user configuration.  So the
same tree, conversions, core series and tools give the same bytes, whoever runs it (bar
the identity, which is theirs).
"""
import json
import re
import tempfile
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from ..boot.errors import RigError
from ..boot.series import read_series
from ..inventory import Inventory, from_json
from . import changelog, checks, conversions, cover, mails, prefix, risks
from .changelog import NONFREEZABLE, CoreSeries
from .checks import CheckResult, CheckStatus
from .errors import PatchesError
from .gitrepo import Scratch, git, tree_info
from .identity import runner_identity
from .model import Identity, PlannedPatch, Risk, RiskKind, Series, Unit
from .recipients import recipients_of

GENERATOR = "kthread-iterant scripts/kti-patches"
COVER_TITLE_FILE = "cover-letter.txt"


@dataclass
class Request:
    tree: Path
    conversions: Path
    diff_of: conversions.DiffOf
    core_dir: Path
    out: Path
    reports: Path
    cocci_root: Path
    project: Path
    work: Path
    core_link: Optional[str] = None
    run_checks: bool = True


@dataclass
class WrittenPatch:
    file: str
    unit: Unit
    subject: str
    text: str
    before: Dict[str, str]
    after: Dict[str, str]
    checks: List[CheckResult] = field(default_factory=list)


@dataclass
class WrittenSeries:
    series: Series
    cover_file: str
    cover_text: str
    patches: List[WrittenPatch]
    checks: List[CheckResult] = field(default_factory=list)


@dataclass
class Result:
    tree_name: str
    base: str
    core: CoreSeries
    who: Identity
    written: List[WrittenSeries]
    files: Dict[str, str]


def load_inventory(reports: Path) -> Inventory:
    path = reports / "inventory.json"
    try:
        return from_json(json.loads(path.read_text()))
    except OSError:
        raise PatchesError(f"{path} missing: run make report first (the review pages link "
                           "to the inventory)") from None
    except (ValueError, KeyError, TypeError) as err:
        raise PatchesError(f"{path} cannot be read: {err}") from None


def with_legacy_risks(unit: Unit, inv: Inventory, tree: Path) -> Unit:
    """unit with its engine flags merged with what its legacy code shows (risks.py)."""
    found = [unit.facts.risks]
    if unit.facts.ctx_fields:
        found.append([Risk(RiskKind.CONTEXT_STATE, ", ".join(unit.facts.ctx_fields))])
    for tf_id in unit.thread_functions:
        tfn = next((t for t in inv.thread_functions if t.id == tf_id), None)
        if tfn is None:
            raise PatchesError(f"unit {unit.unit_id}: {tf_id} is not in inventory.json "
                               "(run make report on this tree)")
        try:
            source = (tree / tfn.file).read_text(errors="replace")
        except OSError:
            source = None
        facts = dict(unit.facts.members).get(tfn.name, unit.facts)
        found.append(risks.legacy_risks(tfn, source, NONFREEZABLE in facts.flags))
    return replace(unit, facts=replace(unit.facts, risks=risks.merge(found)))


def slug(section: str) -> str:
    """"DEVICE-MAPPER  (LVM)" -> "device-mapper-lvm"."""
    return re.sub(r"[^a-z0-9]+", "-", section.lower()).strip("-") or "the-rest"


def core_series(core_dir: Path, link: Optional[str]) -> tuple:
    """The core series' patch files and its title (cover-letter.txt, else patch 1)."""
    try:
        mails_ = read_series(core_dir)
    except RigError as err:
        raise PatchesError(str(err)) from None
    if not mails_:
        raise PatchesError(f"{core_dir}/series lists no patch: the core series is missing")
    title_file = core_dir / COVER_TITLE_FILE
    title = ""
    if title_file.is_file():
        first = title_file.read_text().splitlines()[:1]
        title = first[0][len("Title: "):].strip() if first and first[0].startswith("Title: ") \
            else ""
    if not title:
        match = re.search(r"(?m)^Subject: (?:\[[^]]*\] )?(.*)$", mails_[0].read_text())
        title = match.group(1).strip() if match else mails_[0].name
    return mails_, CoreSeries(title, len(mails_), link)


def plan(request: Request, units: Sequence[Unit], core: CoreSeries, who: Identity,
         has_history: bool, inv: Inventory) -> List[Series]:
    """Group units into series by MAINTAINERS entry; write each patch's texts."""
    groups: Dict[str, List[PlannedPatch]] = OrderedDict()
    for unit in units:
        unit = with_legacy_risks(unit, inv, request.tree)
        found = recipients_of(request.tree, unit.diff, has_history)
        unit_prefix = prefix.unit_prefix(request.tree, unit.files)
        message = changelog.message(unit, unit_prefix, core, who, request.cocci_root)
        groups.setdefault(found.section, []).append(PlannedPatch(
            unit=unit, prefix=unit_prefix, subject=changelog.subject(unit_prefix, unit),
            message=message, recipients=found))
    series = [Series(slug=slug(section), section=section,
                     prefix=prefix.common_prefix([p.prefix for p in patches]),
                     patches=tuple(patches)) for section, patches in groups.items()]
    slugs = [s.slug for s in series]
    if len(set(slugs)) != len(slugs):
        raise PatchesError(f"two MAINTAINERS entries give the same folder name: {slugs}")
    return sorted(series, key=lambda s: s.slug)


def review_page(tree_name: str, series: Series) -> str:
    return f"reports/{tree_name}/series/{series.slug}.html"


def _write_series(scratch: Scratch, series: Series, base: str, core_tip: str, who: Identity,
                  when: int, tree_name: str, core: CoreSeries, staging: Path) -> WrittenSeries:
    chain = scratch.chain(core_tip, who)
    texts: List[Tuple[Dict[str, str], Dict[str, str]]] = []
    for number, patch in enumerate(series.patches, start=1):
        parent = chain.tip
        tip = chain.commit(patch.unit.diff, patch.message, when + number)
        texts.append(({f: scratch.show(parent, f) for f in patch.unit.files},
                      {f: scratch.show(tip, f) for f in patch.unit.files}))
    chain.close()
    folder = staging / series.slug
    paths = scratch.format_patch(base, core_tip, tip, folder, who, when)
    names = mails.file_names(paths)
    if len(names) != len(series.patches) + 1:
        raise PatchesError(f"{series.slug}: format-patch wrote {len(names)} files for "
                           f"{len(series.patches)} patches")
    recipients = [(series.to, series.cc)] + [(p.recipients.to, p.recipients.cc)
                                             for p in series.patches]
    mail_texts = mails.finish([p.read_text() for p in paths], cover.cover_subject(series),
                              cover.blurb(series, core, review_page(tree_name, series)), who,
                              recipients)
    patches = [WrittenPatch(name, p.unit, p.subject, text, before, after)
               for name, p, text, (before, after)
               in zip(names[1:], series.patches, mail_texts[1:], texts)]
    return WrittenSeries(series, names[0], mail_texts[0], patches)


def _check(request: Request, written: List[WrittenSeries], am_tree: checks.AmTree,
           staging: Path, who: Identity) -> None:
    for ws in written:
        folder = staging / ws.series.slug
        for name, text in [(ws.cover_file, ws.cover_text)] + [(p.file, p.text)
                                                              for p in ws.patches]:
            (folder / name).write_text(text)
        ws.checks.append(am_tree.am([folder / p.file for p in ws.patches]))
        found = checks.checkpatch(request.tree, [folder / p.file for p in ws.patches])
        for patch, result in zip(ws.patches, found):
            patch.checks.append(result)
        cover_id = re.search(r"(?m)^Message-ID: (<[^>]+>)", ws.cover_text).group(1)
        ws.checks.append(checks.b4_am([ws.cover_text] + [p.text for p in ws.patches],
                                      cover_id, am_tree, who))


def summary_json(result: Result) -> str:
    def status(found: Sequence[CheckResult]) -> Dict[str, Dict[str, str]]:
        return {c.tool: {"status": c.status.value, "detail": c.detail} for c in found}
    data = {
        "generator": GENERATOR, "tree": result.tree_name, "base_commit": result.base,
        "core_series": {"title": result.core.title, "patches": result.core.patches,
                        "link": result.core.link},
        "series": [{
            "folder": ws.series.slug, "maintainers_entry": ws.series.section,
            "prefix": ws.series.prefix, "cover_letter": ws.cover_file,
            "to": list(ws.series.to), "cc": list(ws.series.cc),
            "checks": status(ws.checks),
            "patches": [{"file": p.file, "subject": p.subject, "unit_id": p.unit.unit_id,
                         "thread_functions": list(p.unit.thread_functions),
                         "checks": status(p.checks)} for p in ws.patches],
        } for ws in result.written],
    }
    return json.dumps(data, indent=1) + "\n"


def count_passing(result: Result, tool: str) -> tuple:
    """(series passing, series) for a series-level tool, or (patches passing, patches)."""
    if tool == "checkpatch --strict":
        found = [c for ws in result.written for p in ws.patches for c in p.checks
                 if c.tool == tool]
    else:
        found = [c for ws in result.written for c in ws.checks if c.tool == tool]
    return sum(c.status == CheckStatus.PASS for c in found), len(found)


def run(request: Request) -> Result:
    """Everything but writing the output folder (the CLI does that, and the pages)."""
    who = runner_identity(request.project)
    info = tree_info(request.tree)
    data = conversions.load(request.conversions)
    units = conversions.verified_units(data, request.diff_of, str(request.conversions))
    if not units:
        raise PatchesError(f"{request.conversions} has no verified unit: no patch to write")
    core_mails, core = core_series(request.core_dir, request.core_link)
    inv = load_inventory(request.reports)
    series = plan(request, units, core, who, info.has_history, inv)
    request.work.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kti-patches-", dir=request.work) as tmp:
        scratch = Scratch(request.tree, Path(tmp) / "repo.git")
        when = info.head_time
        core_tip = scratch.apply_mails(info.head, core_mails, who, when)[-1]
        staging = Path(tmp) / "out"
        written = [_write_series(scratch, s, info.head, core_tip, who, when,
                                 request.tree.name, core, staging) for s in series]
        if request.run_checks:
            texts = [p.text for ws in written for p in ws.patches]
            am_tree = checks.AmTree(scratch.path, Path(tmp) / "am", core_tip, texts, who)
            _check(request, written, am_tree, staging, who)
        git(scratch.path, "worktree", "prune")
    files: Dict[str, str] = {}
    for ws in written:
        files[f"{ws.series.slug}/{ws.cover_file}"] = ws.cover_text
        for patch in ws.patches:
            files[f"{ws.series.slug}/{patch.file}"] = patch.text
    result = Result(request.tree.name, info.head, core, who, written, files)
    files["series.json"] = summary_json(result)
    return result
