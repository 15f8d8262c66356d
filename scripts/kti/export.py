# SPDX-License-Identifier: GPL-2.0
"""Write an exportable copy of kernel-patches/, signed by the person who runs the export.

The patches in the repository carry no person: no From: line and no Signed-off-by.  The
export adds both from the exporter's git identity (user.name and user.email, the identity
`git format-patch -s` signs with), numbers the subjects [PATCH n/N] in series order and
writes a cover letter from kernel-patches/cover-letter.txt.  Without a configured identity
it stops before writing anything: an identity is never made up.
"""
import email.utils
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import List, Sequence

COVER_LETTER = "cover-letter.txt"
_TRAILER = re.compile(r"^[A-Z][A-Za-z-]*: \S")


class ExportError(Exception):
    """The export cannot be written (no identity, a malformed patch, an unusable OUT)."""


@dataclass(frozen=True)
class Identity:
    """Who signs the exported patches."""

    name: str
    email: str

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


@dataclass(frozen=True)
class RepoPatch:
    """One patch of kernel-patches/: its subject, changelog and everything from `---` on."""

    file_name: str
    subject: str
    changelog: str
    rest: str


def _git_config(where: Path, key: str) -> str:
    proc = subprocess.run(["git", "-C", str(where), "config", "--get", key],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL)
    return proc.stdout.strip() if proc.returncode == 0 else ""


def exporter_identity(where: Path) -> Identity:
    """user.name and user.email as git sees them in the directory where (the repository's
    own config counts when where is inside one); ExportError when one is unset."""
    name = _git_config(where, "user.name")
    mail = _git_config(where, "user.email")
    missing = [key for key, value in (("user.name", name), ("user.email", mail)) if not value]
    if missing:
        raise ExportError(
            "no git identity to sign the patches with (" + " and ".join(missing)
            + " not set): run `git config --global user.name \"Your Name\"` and "
            "`git config --global user.email you@example.com` with your own name and address")
    if "@" not in mail or "<" in name or ">" in name:
        raise ExportError(f"git identity {name!r} <{mail}> is not usable in a From: line")
    return Identity(name, mail)


def parse_repo_patch(path: Path) -> RepoPatch:
    """Split an in-repo patch: `Subject: [PATCH] ...` (maybe folded), blank line, changelog,
    `---`, diffstat and diff.  It must name no person: no From: and no Signed-off-by."""
    text = path.read_text()
    head, sep, rest = text.partition("\n---\n")
    if not sep:
        raise ExportError(f"{path.name}: no `---` line between changelog and diff")
    header, blank, changelog = head.partition("\n\n")
    if not blank:
        raise ExportError(f"{path.name}: no blank line after the Subject header")
    lines = header.splitlines()
    if not lines or not lines[0].startswith("Subject: [PATCH] "):
        raise ExportError(f"{path.name}: must start with `Subject: [PATCH] ...`")
    if any(line.startswith(("From:", "Date:")) for line in lines):
        raise ExportError(f"{path.name}: the repository copy must not carry From:/Date:")
    if re.search(r"(?m)^Signed-off-by:", changelog):
        raise ExportError(f"{path.name}: the repository copy must not carry Signed-off-by")
    subject = " ".join(line.strip() for line in lines)[len("Subject: [PATCH] "):]
    return RepoPatch(path.name, subject, changelog.strip("\n"), "---\n" + rest)


def sign(changelog: str, who: Identity) -> str:
    """The changelog with the exporter's Signed-off-by added to its trailer block."""
    paragraphs = changelog.split("\n\n")
    last = paragraphs[-1].splitlines()
    sob = f"Signed-off-by: {who}"
    if last and all(_TRAILER.match(line) for line in last):
        paragraphs[-1] += "\n" + sob
    else:
        paragraphs.append(sob)
    return "\n\n".join(paragraphs)


def _mail(who: Identity, date: str, subject: str, body: str) -> str:
    return (f"From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n"
            f"From: {who}\nDate: {date}\nSubject: {subject}\n\n{body}")


def render_patch(patch: RepoPatch, number: int, total: int, who: Identity, date: str) -> str:
    """One exported patch, as `git format-patch -s --numbered` would write it."""
    width = len(str(total))
    subject = f"[PATCH {number:0{width}d}/{total}] {patch.subject}"
    return _mail(who, date, subject, sign(patch.changelog, who) + "\n" + patch.rest)


def render_cover_letter(cover: Path, patches: Sequence[RepoPatch], who: Identity,
                        date: str) -> str:
    """Patch 0: the cover letter text, then the shortlog of the series."""
    title, _, body = cover.read_text().partition("\n\n")
    if not title.startswith("Title: "):
        raise ExportError(f"{cover}: must start with `Title: ...` and a blank line")
    width = len(str(len(patches)))
    subject = f"[PATCH {0:0{width}d}/{len(patches)}] {title[len('Title: '):].strip()}"
    shortlog = "".join(f"  {p.subject}\n" for p in patches)
    # The signature line of git format-patch, as the patches carry it.
    footer = "-- \n" + patches[-1].rest.rpartition("\n-- \n")[2] if patches else ""
    text = f"{body.rstrip()}\n\n{who.name} ({len(patches)}):\n{shortlog}\n{footer}"
    return _mail(who, date, subject, text)


def output_name(number: int, patch_file: str) -> str:
    """The exported file name: the series position instead of the repository number."""
    return f"{number:04d}-" + patch_file.split("-", 1)[1]


def export_series(patch_files: Sequence[Path], cover: Path, out: Path, who: Identity,
                  date: str = "") -> List[Path]:
    """Write the cover letter and the signed, numbered patches to out (a new or empty
    directory); returns the written files in order."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExportError(f"{out} exists and is not an empty directory")
    patches = [parse_repo_patch(path) for path in patch_files]
    if not cover.is_file():
        raise ExportError(f"{cover} does not exist")
    date = date or email.utils.formatdate(localtime=True)
    texts = [("0000-cover-letter.patch", render_cover_letter(cover, patches, who, date))]
    for number, patch in enumerate(patches, start=1):
        texts.append((output_name(number, patch.file_name),
                      render_patch(patch, number, len(patches), who, date)))
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in texts:
        (out / name).write_text(text)
        written.append(out / name)
    return written
