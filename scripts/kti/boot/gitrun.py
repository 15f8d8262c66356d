# SPDX-License-Identifier: GPL-2.0
"""Run git non-interactively; the rig never commits, so it needs no identity."""
import os
import subprocess
from pathlib import Path
from typing import Dict, List, Optional

from .errors import RigError


def git_env() -> Dict[str, str]:
    """Environment for git: never interactive."""
    env = dict(os.environ)
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["GIT_EDITOR"] = "true"
    return env


def git(repo: Path, args: List[str], check: bool = True,
        what: Optional[str] = None) -> subprocess.CompletedProcess:
    """Run `git -C repo ARGS`, capturing output; raise RigError naming `what` on failure."""
    proc = subprocess.run(["git", "-C", str(repo), *args], env=git_env(),
                          stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if check and proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        summary = "; ".join(detail[-3:]) if detail else f"exit status {proc.returncode}"
        raise RigError(f"{what or 'git ' + ' '.join(args)} failed: {summary}")
    return proc
