# SPDX-License-Identifier: GPL-2.0
"""Whitespace-only tidying of the emitted callbacks with the tree's own checkpatch.pl:
continuation lines of moved statements are re-aligned to their open parenthesis, which the
new indentation or a renamed local (ctx->x) moved.  Tokens are untouched (the round trip
compares tokens), and only the new text is given to checkpatch, never the rest of a file."""
import subprocess
import tempfile
from pathlib import Path

from . import ctree

FIXES = "PARENTHESIS_ALIGNMENT"
CHECKPATCH = Path("scripts") / "checkpatch.pl"
# The project's kernel tree (make tree): its checkpatch serves trees without one (fixtures).
DEFAULT_TREE = Path(__file__).resolve().parents[3] / "build" / "linux-6.12"


def align(tree: Path, text: str) -> str:
    """text with checkpatch --fix applied for FIXES; text itself when checkpatch is not in
    the tree or changed anything but whitespace."""
    checkpatch = next((c for c in (tree / CHECKPATCH, DEFAULT_TREE / CHECKPATCH)
                       if c.exists()), None)
    if checkpatch is None:
        return text
    with tempfile.TemporaryDirectory(prefix="kti-tidy-") as tmp:
        path = Path(tmp) / "callbacks.c"
        path.write_text(text + "\n", encoding="latin-1")
        try:
            subprocess.run(["perl", str(checkpatch), "--strict", "--no-tree", "--quiet",
                            "--fix-inplace", "--types", FIXES, "-f", str(path)],
                           capture_output=True, timeout=300, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return text
        fixed = path.read_text(encoding="latin-1")[:-1]
    if [t.text for t in ctree.tokenize(fixed)] != [t.text for t in ctree.tokenize(text)]:
        return text
    return fixed
