# SPDX-License-Identifier: GPL-2.0
"""What a maintainer's tools say about a written series: git am, checkpatch, b4.

git am: a sparse worktree of the scratch repository at the core series' tip (only the files
the series touch are checked out), `git am` of the series' patches in order.  checkpatch:
the tree's scripts/checkpatch.pl --strict on each patch, clean means no error, warning or
check.  b4: Debian's b4 reads the series as one mbox offline (`b4 am --use-local-mbox`, no
cache, no network) and must find every patch; the am-ready mbox it writes must then apply
with git am as well.
"""
import enum
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Sequence, Set

from .errors import PatchesError
from .gitrepo import clean_env, git
from .model import Identity, count


class CheckStatus(enum.Enum):
    PASS = "pass"
    FAIL = "fail"


@dataclass(frozen=True)
class CheckResult:
    tool: str
    status: CheckStatus
    detail: str = ""

    def to_json(self) -> Dict[str, str]:
        return {"tool": self.tool, "status": self.status.value, "detail": self.detail}


def _paths(texts: Sequence[str]) -> Set[str]:
    found: Set[str] = set()
    for text in texts:
        found.update(re.findall(r"(?m)^(?:---|\+\+\+) [ab]/(\S+)", text))
    return found


class AmTree:
    """A sparse worktree of the scratch repository at the core series' tip.

    The core series is there as the commits the scratch repository made of it (the
    repository's copies of its patches name no author, which git am would refuse); the
    sparse checkout holds the files the series touch."""

    def __init__(self, repo: Path, path: Path, core_tip: str, series_texts: Sequence[str],
                 who: Identity):
        self.path = path
        self.core_tip = core_tip
        self.env = clean_env(who)
        git(repo, "worktree", "add", "--no-checkout", "--detach", str(path), core_tip,
            env=self.env)
        git(path, "sparse-checkout", "set", "--no-cone",
            *sorted("/" + p for p in _paths(series_texts)), env=self.env)
        git(path, "checkout", "--detach", core_tip, env=self.env)

    def _am(self, files: List[str]) -> CheckResult:
        proc = subprocess.run(["git", "-C", str(self.path), "am", "--quiet", *files],
                              capture_output=True, text=True, env=self.env,
                              stdin=subprocess.DEVNULL)
        if proc.returncode == 0:
            return CheckResult("git am", CheckStatus.PASS)
        subprocess.run(["git", "-C", str(self.path), "am", "--abort"], capture_output=True,
                       env=self.env, stdin=subprocess.DEVNULL)
        lines = (proc.stdout + proc.stderr).strip().splitlines()
        return CheckResult("git am", CheckStatus.FAIL, " / ".join(lines[:3]))

    def am(self, files: Sequence[Path]) -> CheckResult:
        """git am of files in order on the core series' tip."""
        git(self.path, "reset", "--quiet", "--hard", self.core_tip, env=self.env)
        return self._am([str(f) for f in files])


def checkpatch(tree: Path, patches: Sequence[Path]) -> List[CheckResult]:
    """checkpatch.pl --strict once for all patches; one result per patch, in order."""
    proc = subprocess.run(["perl", str(tree / "scripts" / "checkpatch.pl"), "--strict",
                           "--no-summary", "--terse", *map(str, patches)], cwd=tree,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if proc.returncode not in (0, 1):
        raise PatchesError(f"checkpatch.pl failed: {proc.stderr.strip()[:300]}")
    results = []
    for patch in patches:
        problems = [line for line in proc.stdout.splitlines()
                    if line.startswith(f"{patch}:") and re.search(r"\b(ERROR|WARNING|CHECK):",
                                                                  line)]
        if problems:
            detail = " / ".join(line[len(str(patch)) + 1:] for line in problems[:5])
            results.append(CheckResult("checkpatch --strict", CheckStatus.FAIL, detail))
        else:
            results.append(CheckResult("checkpatch --strict", CheckStatus.PASS))
    if proc.returncode != 0 and all(r.status == CheckStatus.PASS for r in results):
        raise PatchesError(f"checkpatch.pl exited {proc.returncode} without naming a "
                           f"problem: {(proc.stdout + proc.stderr).strip()[:300]}")
    return results


def b4_am(mails: Sequence[str], cover_id: str, am_tree: AmTree, who: Identity) -> CheckResult:
    """b4 am on the series as a local mbox; its am-ready output must apply too.

    b4 reads user.name and user.email from git (it exits silently without them): it gets
    a private git configuration holding the runner's identity and nothing else."""
    if shutil.which("b4") is None:
        return CheckResult("b4 am", CheckStatus.FAIL, "b4 not installed (make deps)")
    with tempfile.TemporaryDirectory(prefix="kti-b4-") as tmp:
        mbox = Path(tmp) / "series.mbox"
        mbox.write_text("".join(m if m.endswith("\n") else m + "\n" for m in mails))
        out = Path(tmp) / "out"
        config = Path(tmp) / "gitconfig"
        config.write_text(f"[user]\n\tname = {who.name}\n\temail = {who.email}\n")
        env = clean_env()
        env.update({"HOME": tmp, "XDG_CACHE_HOME": str(Path(tmp) / "cache"),
                    "GIT_CONFIG_GLOBAL": str(config)})
        out.mkdir()
        proc = subprocess.run(["b4", "--offline-mode", "am", "--no-cache", "-m", str(mbox),
                               "-o", str(out), cover_id.strip("<>")], cwd=tmp,
                              capture_output=True, text=True, env=env,
                              stdin=subprocess.DEVNULL)
        text = proc.stdout + proc.stderr
        written = sorted(out.glob("*.mbx")) if out.is_dir() else []
        total = re.search(r"Total patches: (\d+)", text)
        wanted = len(mails) - 1
        if proc.returncode != 0 or not written or not total or int(total.group(1)) != wanted:
            return CheckResult("b4 am", CheckStatus.FAIL,
                               " / ".join(text.strip().splitlines()[-4:]))
        applied = am_tree.am(written[:1])
        if applied.status != CheckStatus.PASS:
            return CheckResult("b4 am", CheckStatus.FAIL,
                               f"b4's am-ready mbox does not apply: {applied.detail}")
    return CheckResult("b4 am", CheckStatus.PASS, f"{count(wanted, 'patch')}, applied with git am")
