# SPDX-License-Identifier: GPL-2.0
"""git format-patch output made ready to send: cover letter texts, To/Cc, and Message-IDs
and threading derived from content.

Message-ID: <DATE.DIGEST-N-LOCAL@DOMAIN>, DATE the mail's Date: (fixed by the pipeline),
DIGEST the first 12 hex digits of the sha256 of the whole series as format-patch wrote it,
N the patch number (0 for the cover letter), LOCAL@DOMAIN the sender's address: the same
series gives the same ids, a changed series new ones.  Patches answer the cover letter
(In-Reply-To, References), as git send-email --thread --no-chain-reply-to does.  From:,
Subject: and Date: that format-patch folded (a long name, a long subject) are unfolded:
b4 0.12 fails ("Header values may not contain linefeed") when it copies a folded one.
"""
import email.utils
import hashlib
import re
from pathlib import Path
from typing import List, Sequence, Tuple

from .errors import PatchesError
from .model import Identity

SUBJECT_HERE = "*** SUBJECT HERE ***"
BLURB_HERE = "*** BLURB HERE ***"
#: Headers b4 0.12 copies into its am-ready mbox, and fails to when they are folded.
UNFOLDED = ("From: ", "Subject: ", "Date: ")


def series_digest(texts: Sequence[str]) -> str:
    hasher = hashlib.sha256()
    for text in texts:
        hasher.update(text.encode())
        hasher.update(b"\0")
    return hasher.hexdigest()[:12]


def message_id(date_header: str, digest: str, number: int, who: Identity) -> str:
    stamp = email.utils.parsedate_to_datetime(date_header).strftime("%Y%m%d%H%M%S")
    local, _, domain = who.email.partition("@")
    return f"<{stamp}.{digest}-{number}-{local}@{domain}>"


def address_header(name: str, addresses: Sequence[str]) -> List[str]:
    """`To: a,` folded one address per line, non-ASCII names RFC 2047 encoded."""
    if not addresses:
        return []
    encoded = [email.utils.formataddr(email.utils.parseaddr(a), charset="utf-8")
               for a in addresses]
    lines = [f"{name}: {encoded[0]}"]
    for address in encoded[1:]:
        lines[-1] += ","
        lines.append(f"    {address}")
    return lines


def _split(text: str) -> Tuple[List[str], str]:
    """Header lines (From:, Subject: and Date: unfolded) and body."""
    head, sep, body = text.partition("\n\n")
    if not sep:
        raise PatchesError("format-patch wrote a mail without a body")
    lines: List[str] = []
    for line in head.split("\n"):
        if line[:1] in (" ", "\t") and lines and lines[-1].startswith(UNFOLDED):
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    return lines, body


def _date(head: List[str]) -> str:
    for line in head:
        if line.startswith("Date: "):
            return line[len("Date: "):]
    raise PatchesError("format-patch wrote a mail without Date:")


def finish(texts: Sequence[str], cover_subject: str, blurb: str, who: Identity,
           recipients: Sequence[Tuple[Sequence[str], Sequence[str]]]) -> List[str]:
    """texts[0] is the cover letter; recipients[i] = (to, cc) of texts[i]."""
    if SUBJECT_HERE not in texts[0] or BLURB_HERE not in texts[0]:
        raise PatchesError("format-patch's cover letter has no subject and blurb to fill")
    filled = [texts[0].replace(SUBJECT_HERE, cover_subject, 1).replace(BLURB_HERE, blurb, 1)]
    filled += list(texts[1:])
    digest = series_digest(filled)
    cover_id = ""
    out = []
    for number, (text, (to, cc)) in enumerate(zip(filled, recipients)):
        head, body = _split(text)
        mid = message_id(_date(head), digest, number, who)
        extra = [f"Message-ID: {mid}"]
        if number == 0:
            cover_id = mid
        else:
            extra += [f"In-Reply-To: {cover_id}", f"References: {cover_id}"]
        extra += address_header("To", to) + address_header("Cc", cc)
        out.append("\n".join(head + extra) + "\n\n" + body)
    return out


def file_names(paths: Sequence[Path]) -> List[str]:
    names = [p.name for p in paths]
    if not names or not re.match(r"^0000-cover-letter\.patch$", names[0]):
        raise PatchesError(f"format-patch wrote {names}, expected a cover letter first")
    return names
