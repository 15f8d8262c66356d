# SPDX-License-Identifier: GPL-2.0
"""Creation sites and prototypes: rewritten by cocci/kthread_iterant_create.cocci, one spatch
per file, on a copy; the command line is recorded so that anyone can run it again."""
import re
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Dict, List, Tuple

from .. import ctext
from ..spatch import Spatch
from . import ctree
from .model import Reason, Refusal

REPO = Path(__file__).resolve().parents[3]
COCCI = "cocci/kthread_iterant_create.cocci"
MACROS = "cocci/kthread_iterant_macros.h"
TIMEOUT = 60


WIDTHS = (100, 88, 80)   # spatch counts a tab as one column: retry narrower
MAX_COLUMNS = 100


def command(tfn: str, kti: str, path: str, timeout: int = TIMEOUT,
            width: int = WIDTHS[0]) -> List[str]:
    """The spatch command, relative to the kernel tree and this repository."""
    return ["spatch", "--sp-file", COCCI, "-D", "patch", "-D", "tfn=%s" % tfn,
            "-D", "kti=%s" % kti, "--no-includes", "--include-headers",
            "--max-width", str(width), "--macro-file", MACROS, "--timeout", str(timeout),
            "--in-place", path]


def command_text(tfn: str, kti: str, path: str, width: int = WIDTHS[0]) -> str:
    return " ".join(shlex.quote(a) for a in command(tfn, kti, path, width=width))


def too_long(old: str, new: str) -> bool:
    """Whether a line spatch changed is longer than the kernel's 100 columns."""
    before = set(old.split("\n"))
    return any(len(line.expandtabs(8)) > MAX_COLUMNS for line in new.split("\n")
               if line not in before)


def rewrite(spatch: Spatch, files: Dict[str, str], tfn: str, kti: str,
            timeout: int = TIMEOUT) -> Tuple[Dict[str, str], Dict[str, int]]:
    """New text of each file after the rule, and the --max-width used for it; a crash or
    timeout refuses the unit."""
    out: Dict[str, str] = {}
    widths: Dict[str, int] = {}
    for path, text in sorted(files.items()):
        for width in WIDTHS:
            out[path] = _run(spatch, path, text, tfn, kti, timeout, width)
            widths[path] = width
            if not too_long(text, out[path]):
                break
    return out, widths


def _run(spatch: Spatch, path: str, text: str, tfn: str, kti: str, timeout: int,
         width: int) -> str:
    with tempfile.TemporaryDirectory(prefix="kti-convert-") as tmp:
        target = Path(tmp) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="latin-1")
        cmd = command(tfn, kti, path, timeout, width)
        cmd[0] = spatch.path
        cmd[2] = str(REPO / COCCI)
        cmd[cmd.index(MACROS)] = str(REPO / MACROS)
        cmd.insert(-2, "--very-quiet")
        try:
            res = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True,
                                 errors="replace", timeout=timeout * 3)
        except subprocess.TimeoutExpired as err:
            raise Refusal(Reason.SELF_CHECK, "spatch timed out on %s" % path) from err
        if res.returncode != 0 or "Timeout" in res.stderr:
            last = (res.stderr.strip().splitlines() or ["exit %d" % res.returncode])[-1]
            raise Refusal(Reason.SELF_CHECK, "spatch failed on %s: %s" % (path, last[:120]))
        return target.read_text(encoding="latin-1")


def uses(text: str, name: str) -> List[int]:
    """Lines where name is used as an identifier in code: not in comments, strings or
    #include lines, not as a member or a member declaration, not where a local or a
    parameter of the same name hides it, not as the name torture.h's iterant creation
    macros and torture_stop_kthread() paste or stringify."""
    masked = re.sub(r"(?m)^[ \t]*#[ \t]*include[^\n]*", lambda m: " " * len(m.group(0)),
                    ctext.mask(text))
    starts = ctext.line_starts(text)
    spans = ctext.function_spans(masked)
    found = []
    for m in re.finditer(r"(?<![\w.>])%s\b" % re.escape(name), masked):
        if masked[max(0, m.start() - 2):m.start()].endswith("->"):
            continue
        if _pasted(masked, m):
            continue
        span = ctext.enclosing(spans, m.start())
        if span is not None and _hidden(text, span, name):
            continue
        if span is None and _member(masked, m.start()):
            continue
        found.append(ctext.line_of(starts, m.start())[0])
    return found


_TORTURE_NAMING = re.compile(r"\btorture_(?:create_kthread_iterant(?:_cb)?|stop_kthread)"
                             r"\s*\(\s*$")


def _pasted(masked: str, m: "re.Match[str]") -> bool:
    """Whether name is the first argument of torture_create_kthread_iterant() or
    torture_stop_kthread(), which only paste name##_kti and stringify it (torture.py checks
    their definitions): not a use of the function."""
    head = masked[max(0, m.start() - 80):m.start()]
    return _TORTURE_NAMING.search(head) is not None and \
        re.match(r"\s*,", masked[m.end():]) is not None


def _hidden(text: str, span, name: str) -> bool:
    """Whether the function of span has a parameter or a local called name."""
    if name in span.params:
        return True
    head = text.rfind(span.name, 0, span.body_open)
    line, col = ctext.line_of(ctext.line_starts(text), head)
    try:
        fn = ctree.Function("", text, line, col)
    except ValueError:
        return False
    return any(d == name for n, _ in fn.walk(fn.root) for d, _, _ in fn.declarations(n))


def _member(masked: str, offset: int) -> bool:
    """Whether offset lies in the body of a struct or union definition."""
    depth = 0
    for i in range(offset - 1, -1, -1):
        ch = masked[i]
        if ch == "}":
            depth += 1
        elif ch == "{":
            if depth == 0:
                head = masked[max(0, i - 200):i]
                return re.search(r"\b(struct|union)\s+\w*\s*$", head) is not None
            depth -= 1
    return False
