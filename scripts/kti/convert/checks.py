# SPDX-License-Identifier: GPL-2.0
"""Self-checks of a converted file before its patch is emitted: the toolkit parses every new
callback, the old name is gone, and spatch --parse-c finds no more bad lines than in the
original file."""
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from .. import ctext
from ..spatch import Spatch
from ..verify import parsec
from . import ctree, sites
from .model import Reason, Refusal

_BAD = re.compile(r"nb good = \d+,\s+nb bad = (\d+)")


def definition(path: str, text: str, name: str) -> Optional[ctree.Function]:
    """The parsed definition of function name in text (prototypes skipped), or None."""
    at = definition_head(text, name)
    if at is None:
        return None
    try:
        return ctree.Function(path, text, *at)
    except ValueError:
        return None


def definition_head(text: str, name: str) -> Optional[Tuple[int, int]]:
    """(line, column) of the name of function name's first definition in text, as the
    inventory gives them, or None."""
    for span in ctext.function_spans(ctext.mask(text)):
        if span.name == name:
            return ctext.line_of(ctext.line_starts(text), text.rfind(name, 0, span.body_open))
    return None


def parses(path: str, text: str, names: List[str]) -> None:
    """Each named function is defined and parses to its closing brace."""
    for name in names:
        fn = definition(path, text, name)
        if fn is None or fn.toks[-1].text != "}":
            raise Refusal(Reason.SELF_CHECK, "%s: %s does not parse after the rewrite"
                          % (path, name))


def old_name_gone(texts: Dict[str, str], name: str) -> None:
    for path, text in sorted(texts.items()):
        left = sites.uses(text, name)
        if left:
            raise Refusal(Reason.OLD_NAME_USED, "%s:%d still uses %s" % (path, left[0], name))


def _parse_c(spatch: Spatch, path: str, text: str) -> str:
    with tempfile.TemporaryDirectory(prefix="kti-parse-") as tmp:
        target = Path(tmp) / Path(path).name
        target.write_text(text, encoding="latin-1")
        res = subprocess.run([spatch.path, "--parse-c", "--macro-file",
                              str(sites.REPO / sites.MACROS), str(target)],
                             capture_output=True, text=True, errors="replace", timeout=300)
    return res.stdout + res.stderr


def bad_count(path: str, output: str) -> int:
    m = _BAD.search(output)
    if m is None:
        raise Refusal(Reason.SELF_CHECK, "spatch --parse-c gave no count for %s" % path)
    return int(m.group(1))


def spatch_parses(spatch: Spatch, path: str, old: str, new: str,
                  written: Optional[Tuple[int, int]] = None) -> None:
    """No more bad lines than before, and none among the lines written (first, last) of
    new: spatch's error recovery for a construct it cannot parse also takes in the end of
    the definition before it, which is then the new description instead of the legacy
    function."""
    before = bad_count(path, _parse_c(spatch, path, old))
    output = _parse_c(spatch, path, new)
    after = bad_count(path, output)
    if after > before:
        raise Refusal(Reason.SELF_CHECK, "spatch --parse-c: %d bad lines in %s, %d before"
                      % (after, path, before))
    if written is not None:
        lost = sorted(line for line in parsec.bad_lines(output, ctext.split_lines(new))
                      if written[0] <= line <= written[1])
        if lost:
            raise Refusal(Reason.SELF_CHECK, "spatch --parse-c: written line %d of %s is "
                          "unparsable (it cannot parse what follows)" % (lost[0], path))
