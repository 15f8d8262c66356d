# SPDX-License-Identifier: GPL-2.0
"""The report folder: checked before the scan, written file by file, never emptied.

kti-scan only ever replaces files it wrote itself.  A report folder holds a manifest
(MANIFEST) naming the report files of the last scan; a later scan may replace or remove
those and nothing else.  An --out is accepted when it does not exist yet, is an empty
folder, holds a manifest, or holds nothing but report files with a kti-scan inventory.json
(reports written before manifests existed).  Anything else is refused before scanning: the
tree itself or a folder containing it, a path in the tree's tracked folders or .git, a path
below a file, a folder holding other files.

Each file is written to a temporary file in the folder and renamed into place, so a reader
never sees a torn file; a name nobody owns is claimed with link(), which never replaces.
"""
import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, FrozenSet, Iterable, List

from .errors import InputError

MANIFEST = ".kti-scan-manifest.json"
GENERATOR = "kthread-iterant scripts/kti-scan"
_TEMP_PREFIX = ".kti-scan-tmp-"


@dataclass(frozen=True)
class ReportDir:
    """A checked --out: where to write, and the files a previous scan left there."""
    path: Path
    owned: FrozenSet[str]


def _first_existing(path: Path) -> Path:
    while not os.path.lexists(path):
        path = path.parent
    return path


def _check_against_tree(out: Path, tree: Path, given: str) -> None:
    if out == tree:
        raise InputError(f"output {given!r} is the kernel tree; choose a folder outside it")
    if out in tree.parents:
        raise InputError(f"output {given!r} contains the kernel tree {str(tree)!r}; "
                         "choose a new folder")
    if tree not in out.parents:
        return
    top = out.relative_to(tree).parts[0]
    if top == ".git":
        raise InputError(f"output {given!r} is inside the tree's .git")
    tracked = subprocess.run(["git", "-C", str(tree), "ls-files", "-z", "--",
                              f":(literal){top}"], capture_output=True, check=False)
    if tracked.returncode != 0 or tracked.stdout:
        raise InputError(f"output {given!r} is inside the tree's tracked folder {top!r}; "
                         "choose a folder outside the tree or an untracked one")


def _manifest_names(folder: Path, given: str) -> FrozenSet[str]:
    try:
        data = json.loads((folder / MANIFEST).read_text())
        names = data["files"]
        if data.get("generator") != GENERATOR or not isinstance(names, list):
            raise ValueError
    except (OSError, ValueError, KeyError, TypeError):
        raise InputError(f"output {given!r} holds an unreadable {MANIFEST}; "
                         "delete the folder or choose another") from None
    if not all(isinstance(n, str) and n and "/" not in n and n not in (".", "..")
               for n in names):
        raise InputError(f"output {given!r}: {MANIFEST} names files outside the folder")
    return frozenset(names)


def _is_legacy_report_folder(folder: Path, entries: List[str],
                             report_names: FrozenSet[str]) -> bool:
    """Reports written before manifests: report files only, a kti-scan inventory.json."""
    if not set(entries) <= report_names or "inventory.json" not in entries:
        return False
    try:
        head = json.loads((folder / "inventory.json").read_text())
    except (OSError, ValueError):
        return False
    return isinstance(head, dict) and head.get("generator") == GENERATOR


def _usable(out: Path, tree: Path, given: str) -> Path:
    """The nearest existing folder of out, once out is known to be outside the tree's own
    files, not below a file and writable; InputError otherwise."""
    _check_against_tree(out, tree, given)
    existing = _first_existing(out)
    if not existing.is_dir():
        what = "exists and is not a directory" if existing == out else \
            f"cannot be created: {str(existing)!r} is a file"
        raise InputError(f"output {given!r} {what}")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(f"output {given!r} cannot be written (no write access to "
                         f"{str(existing)!r})")
    return existing


def check_report_dir(given: str, tree: Path, report_names: Iterable[str]) -> ReportDir:
    """Where the reports of `tree` may go, or InputError saying why not (nothing written)."""
    names = frozenset(report_names)
    out = Path(given).resolve()
    existing = _usable(out, tree, given)
    if existing != out:
        return ReportDir(out, frozenset())
    entries = sorted(os.listdir(out))
    if not entries:
        return ReportDir(out, frozenset())
    if MANIFEST in entries:
        owned = _manifest_names(out, given)
        clash = sorted(n for n in names if n in entries and n not in owned)
        if clash:
            raise InputError(f"output {given!r} holds {clash[0]!r}, which kti-scan did not "
                             "write; move it away or choose another folder")
        return ReportDir(out, owned)
    if _is_legacy_report_folder(out, entries, names):
        return ReportDir(out, frozenset(entries))
    raise InputError(f"output {given!r} is a folder holding other files (e.g. "
                     f"{entries[0]!r}), not kti-scan reports; choose a new or empty folder")


def check_tool_out(given: str, tree: Path, tool: str, writes: Callable[[str], bool],
                   wrote: Callable[[Path], bool]) -> Path:
    """--out of another tool of the project, which writes the files whose names writes()
    accepts into a folder it shares with others: refused like kti-scan's --out against the
    tree, and when a file it would replace is not one it wrote (wrote() reads it)."""
    out = Path(given).resolve()
    if _usable(out, tree, given) == out:
        foreign = [n for n in sorted(os.listdir(out)) if writes(n) and not wrote(out / n)]
        if foreign:
            raise InputError(f"output {given!r} holds {foreign[0]!r}, which {tool} did not "
                             "write; move it away or choose another folder")
    return out


def _write_temp(folder: Path, text: str) -> str:
    fd, tmp = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def _write_manifest(folder: Path, names: Iterable[str]) -> None:
    text = json.dumps({"generator": GENERATOR, "files": sorted(set(names))}, indent=1) + "\n"
    tmp = _write_temp(folder, text)
    try:
        os.replace(tmp, folder / MANIFEST)
    except BaseException:
        os.unlink(tmp)
        raise


def _claim(tmp: str, target: Path) -> None:
    """Move tmp to a name nobody owned at check time, never replacing what is there now."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise InputError(f"{str(target)!r} appeared during the scan; not replaced") from None
    except OSError:  # a file system without hard links
        if os.path.lexists(target):
            raise InputError(f"{str(target)!r} appeared during the scan; "
                             "not replaced") from None
        os.replace(tmp, target)
        return
    os.unlink(tmp)


def write_reports(target: ReportDir, files: Dict[str, str]) -> None:
    """Put `files` (name -> text) into the folder, replacing only what a scan wrote there.

    The manifest names every file before it appears, so a scan stopped half way leaves a
    folder the next scan still recognises as its own.
    """
    folder = target.path
    folder.mkdir(parents=True, exist_ok=True)
    temps: Dict[str, str] = {}
    try:
        for name, text in files.items():
            temps[name] = _write_temp(folder, text)
        _write_manifest(folder, target.owned | set(files))
        for name, tmp in list(temps.items()):
            if name in target.owned:
                os.replace(tmp, folder / name)
            else:
                _claim(tmp, folder / name)
            del temps[name]
    finally:
        for tmp in temps.values():
            os.unlink(tmp)
    for name in target.owned - set(files):
        try:
            os.unlink(folder / name)
        except FileNotFoundError:
            pass
    _write_manifest(folder, files)
