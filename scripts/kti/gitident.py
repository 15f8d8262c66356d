# SPDX-License-Identifier: GPL-2.0
"""The running user's git identity, for every commit the toolkit makes in a kernel worktree.

Never invented: git is asked with user.useConfigOnly, so it takes the identity from the
GIT_{AUTHOR,COMMITTER}_{NAME,EMAIL} environment or from user.name/user.email and refuses
to guess one from the host name.  None means there is no identity to use.
"""
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional

MISSING_HINT = ("set one with `git config --global user.name \"Your Name\"` and "
                "`git config --global user.email you@your.domain`")


@dataclass(frozen=True)
class Identity:
    """A git author or committer: "Name <email>"."""

    name: str
    email: str

    def env(self) -> Dict[str, str]:
        """Environment that makes git author and commit as this identity."""
        return {"GIT_AUTHOR_NAME": self.name, "GIT_AUTHOR_EMAIL": self.email,
                "GIT_COMMITTER_NAME": self.name, "GIT_COMMITTER_EMAIL": self.email}


def resolve(repo: Path, role: str = "GIT_COMMITTER_IDENT") -> Optional[Identity]:
    """The identity git would use in repo for role (GIT_COMMITTER_IDENT or GIT_AUTHOR_IDENT)."""
    proc = subprocess.run(["git", "-C", str(repo), "-c", "user.useConfigOnly=true", "var", role],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False)
    line = proc.stdout.strip()
    if proc.returncode != 0 or "<" not in line or ">" not in line:
        return None
    name, _, rest = line.partition("<")
    email = rest.partition(">")[0].strip()
    if not name.strip() or not email:
        return None
    return Identity(name.strip(), email)
