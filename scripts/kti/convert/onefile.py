# SPDX-License-Identifier: GPL-2.0
"""Convert one C file on its own (fixtures, the harness): the file alone in a throwaway git
tree, scanned by the detector, converted by plan_tree()."""
import contextlib
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional, Sequence, Tuple

from .. import pipeline
from .model import Conversion, Outcome, RoundTripResult
from .roundtrip import round_trip
from .plan import has_stop_loop
from .tree import plan_tree

@dataclass(frozen=True)
class FileResult:
    """The conversion of the file's one candidate thread function."""
    outcome: Outcome
    reason: Optional[str]
    reason_kind: Optional[str]
    patch: str
    files: Tuple[str, ...]
    text: str                      # the whole converted file ("" when refused)
    conversion: Optional[Conversion]
    inventory: dict
    round_trip: Optional[RoundTripResult] = None


def scan_tree(tree: Path, cache: Optional[Path] = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="kti-scan-out-") as out:
        request = pipeline.ScanRequest(tree=str(tree), out=out, jobs=1,
                                       cache=str(cache) if cache else None)
        return pipeline.scan(request).to_json()


def apply(tree: Path, conv: Conversion) -> dict:
    """Converted texts of conv.files (the patch applied to copies)."""
    with tempfile.TemporaryDirectory(prefix="kti-apply-") as tmp:
        for path in conv.files:
            target = Path(tmp) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(tree / path, target)
        subprocess.run(["git", "apply", "-p1", "-"], input=conv.patch, text=True, cwd=tmp,
                       check=True, capture_output=True)
        return {p: (Path(tmp) / p).read_text(encoding="latin-1") for p in conv.files}


@contextlib.contextmanager
def file_tree(paths: Sequence[Path], cache: Optional[Path] = None
              ) -> Iterator[Tuple[Path, dict]]:
    """A throwaway git tree holding the files (by their names) and its inventory."""
    with tempfile.TemporaryDirectory(prefix="kti-onefile-") as tmp:
        tree = Path(tmp)
        for path in paths:
            shutil.copyfile(path, tree / Path(path).name)
        for args in (["init", "-q"], ["add", "."]):
            subprocess.run(["git"] + args, cwd=tree, check=True, capture_output=True)
        yield tree, scan_tree(tree, cache)


def convert_file(path: Path, thread: Optional[str] = None,
                 cache: Optional[Path] = None) -> FileResult:
    path = Path(path)
    with file_tree([path], cache) as (tree, inventory):
        shapes = {tf["id"] for tf in inventory.get("thread_functions", []) if has_stop_loop(tf)}
        convs = [c for c in plan_tree(tree, inventory) if c.unit_id in shapes]
        if thread:
            convs = [c for c in convs if c.unit_id.endswith(":" + thread)]
        if len(convs) != 1:
            names = ", ".join(c.unit_id for c in convs) or "none"
            return FileResult(Outcome.REFUSED, "expected one candidate thread function, "
                              "found: %s" % names, None, "", (), "", None, inventory)
        conv = convs[0]
        text, folded = "", None
        if conv.outcome is Outcome.CONVERTED:
            text = apply(tree, conv)[path.name]
            folded = round_trip(tree, conv)
        return FileResult(conv.outcome, conv.reason, conv.reason_kind, conv.patch,
                          conv.files, text, conv, inventory, folded)
