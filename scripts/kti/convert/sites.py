# SPDX-License-Identifier: GPL-2.0
"""Creation sites and prototypes: rewritten by cocci/kthread_iterant_create.cocci, one spatch
per file, on a copy; the command line is recorded so that anyone can run it again."""
import re
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Dict, List, Sequence

from .. import ctext
from ..spatch import Spatch
from .model import Reason, Refusal

REPO = Path(__file__).resolve().parents[3]
COCCI = "cocci/kthread_iterant_create.cocci"
TIMEOUT = 60


def command(tfn: str, kti: str, path: str, timeout: int = TIMEOUT) -> List[str]:
    """The spatch command, relative to the kernel tree and this repository."""
    return ["spatch", "--sp-file", COCCI, "-D", "patch", "-D", "tfn=%s" % tfn,
            "-D", "kti=%s" % kti, "--no-includes", "--include-headers", "--max-width", "100",
            "--timeout", str(timeout), "--in-place", path]


def command_text(tfn: str, kti: str, path: str) -> str:
    return " ".join(shlex.quote(a) for a in command(tfn, kti, path))


def rewrite(spatch: Spatch, files: Dict[str, str], tfn: str, kti: str,
            timeout: int = TIMEOUT) -> Dict[str, str]:
    """New text of each file after the rule; a crash or timeout refuses the unit."""
    out: Dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="kti-convert-") as tmp:
        for path, text in sorted(files.items()):
            target = Path(tmp) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="latin-1")
            cmd = command(tfn, kti, path, timeout)
            cmd[0] = spatch.path
            cmd[2] = str(REPO / COCCI)
            cmd.insert(-2, "--very-quiet")
            try:
                res = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True,
                                     errors="replace", timeout=timeout * 3)
            except subprocess.TimeoutExpired as err:
                raise Refusal(Reason.SELF_CHECK, "spatch timed out on %s" % path) from err
            if res.returncode != 0 or "Timeout" in res.stderr:
                last = (res.stderr.strip().splitlines() or ["exit %d" % res.returncode])[-1]
                raise Refusal(Reason.SELF_CHECK, "spatch failed on %s: %s" % (path, last[:120]))
            out[path] = target.read_text(encoding="latin-1")
    return out


def uses(text: str, name: str) -> List[int]:
    """Lines where name is used as an identifier (not in comments or strings)."""
    masked = ctext.mask(text)
    starts = ctext.line_starts(text)
    return [ctext.line_of(starts, m.start())[0]
            for m in re.finditer(r"(?<![\w.>])%s\b" % re.escape(name), masked)
            if not masked[max(0, m.start() - 2):m.start()].endswith("->")]
