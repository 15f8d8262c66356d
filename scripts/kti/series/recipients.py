# SPDX-License-Identifier: GPL-2.0
"""To, Cc and MAINTAINERS entry of a patch, from the tree's own scripts/get_maintainer.pl.

get_maintainer.pl reads the patch (its file names and keywords) and prints one address
per line with its roles, e.g. `Mike Snitzer <snitzer@kernel.org> (maintainer:DEVICE-MAPPER
(LVM))`.  Persons with a maintainer, supporter or odd-fixer role go to To, everyone else
(reviewers, lists) to Cc.  The patch's MAINTAINERS entry, which decides its series, is the
entry of the first such role: get_maintainer.pl lists the entries of a file most specific
first.  With no history in the tree (one commit), --nogit --nogit-fallback keep it from
looking for commit signers that are not there.
"""
import os
import re
import subprocess
import tempfile
from pathlib import Path
from typing import List, Optional, Tuple

from .errors import PatchesError
from .model import Recipients

THE_REST = "THE REST"
TO_ROLES = ("maintainer", "supporter", "odd fixer", "chief penguin")
_ROLE_WORDS = TO_ROLES + ("reviewer", "open list", "moderated list", "subscriber list",
                          "list", "commit_signer", "authored", "added_lines",
                          "removed_lines", "blamed_fixes", "maintained", "buried alive")
_ROLE_SPLIT = re.compile(r",(?=(?:%s)\b)" % "|".join(re.escape(w) for w in _ROLE_WORDS))
_LINE = re.compile(r"^(?P<who>.*?) \((?P<roles>.*)\)$")


#: get_maintainer.pl lists entries that match a file equally well in perl's hash order,
#: which perl randomizes per run (kernel/power/swap.c: HIBERNATION or SUSPEND TO RAM):
#: a fixed seed makes the series a unit goes to the same on every run.
PERL_ENV = {**os.environ, "PERL_HASH_SEED": "0", "PERL_PERTURB_KEYS": "0"}


def get_maintainer_options(has_history: bool) -> List[str]:
    return [] if has_history else ["--nogit", "--nogit-fallback"]


def parse(output: str) -> Recipients:
    """Recipients from get_maintainer.pl's default output (with role statistics)."""
    to: List[str] = []
    cc: List[str] = []
    section: Optional[str] = None
    first_named: Optional[str] = None
    for line in output.splitlines():
        match = _LINE.match(line.strip())
        if not match:
            continue
        who = match.group("who").strip()
        roles: List[Tuple[str, str]] = []
        for role in _ROLE_SPLIT.split(match.group("roles")):
            kind, _, name = role.partition(":")
            roles.append((kind.strip(), name.strip()))
        if any(kind in TO_ROLES for kind, _ in roles):
            to.append(who)
            section = section or next(name for kind, name in roles if kind in TO_ROLES)
        else:
            cc.append(who)
        first_named = first_named or next((name for _, name in roles if name), None)
    return Recipients(section=section or first_named or THE_REST, to=tuple(to), cc=tuple(cc))


def recipients_of(tree: Path, diff: str, has_history: bool) -> Recipients:
    """Run the tree's get_maintainer.pl on diff (cwd = tree, which it requires)."""
    script = tree / "scripts" / "get_maintainer.pl"
    if not script.is_file():
        raise PatchesError(f"{script} missing: is {tree} a kernel tree?")
    with tempfile.NamedTemporaryFile("w", suffix=".patch") as patch:
        patch.write(diff)
        patch.flush()
        proc = subprocess.run(["perl", str(script), *get_maintainer_options(has_history),
                               patch.name], cwd=tree, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, env=PERL_ENV)
    if proc.returncode != 0:
        raise PatchesError(f"get_maintainer.pl failed: {proc.stderr.strip()[:300]}")
    found = parse(proc.stdout)
    if not found.to and not found.cc:
        files = ", ".join(re.findall(r"(?m)^\+\+\+ b/(\S+)", diff))
        raise PatchesError(f"get_maintainer.pl found nobody for a patch of {files}")
    return found
