# SPDX-License-Identifier: GPL-2.0
"""The git identity of the person running make patches; never made up.

GIT_AUTHOR_NAME / GIT_AUTHOR_EMAIL win when both are set, else user.name / user.email as
git sees them from the project directory (its own config, then the global one).  git
would invent "user@host" when nothing is configured; we stop instead, and also refuse the
addresses such a guess produces (localhost, *.localdomain, "(none)").
"""
import os
import subprocess
from pathlib import Path

from .errors import PatchesError
from .model import Identity

GUESSED_DOMAINS = ("localhost", "localdomain", "(none)")


def _config(where: Path, key: str) -> str:
    proc = subprocess.run(["git", "-C", str(where), "config", "--get", key],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    return proc.stdout.strip() if proc.returncode == 0 else ""


def runner_identity(where: Path) -> Identity:
    name = os.environ.get("GIT_AUTHOR_NAME", "").strip()
    email = os.environ.get("GIT_AUTHOR_EMAIL", "").strip()
    if not (name and email):
        name, email = _config(where, "user.name"), _config(where, "user.email")
    missing = [key for key, value in (("user.name", name), ("user.email", email))
               if not value]
    if missing:
        raise PatchesError(
            "no git identity to sign the patches with (" + " and ".join(missing)
            + " not set): run git config --global user.name \"Your Name\" and "
            "git config --global user.email with your own address, then make patches again")
    domain = email.rpartition("@")[2].lower()
    if ("@" not in email or any(c in name + email for c in "<>\n")
            or domain in GUESSED_DOMAINS or domain.endswith((".localdomain", "(none)"))):
        raise PatchesError(f"git identity {name} <{email}> cannot sign a patch: "
                           "set user.name and user.email to your real name and address")
    return Identity(name, email)
