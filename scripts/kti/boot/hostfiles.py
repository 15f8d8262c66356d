# SPDX-License-Identifier: GPL-2.0
"""Host programs a scenario set needs in the guest (its initramfs.list), with their libraries.

Some scenarios need real user space beside busybox (rpcbind for nfsd and lockd).  Each listed
path is copied to the same path in the guest; a dynamically linked executable brings every
library `ldd` lists and the dynamic loader along.
"""
import re
import subprocess
from pathlib import Path
from typing import List, Set

from .elf import is_dynamic_elf
from .errors import RigError

_LDD_PATH = re.compile(r"(?:=>\s*)?(/\S+)\s+\(0x[0-9a-f]+\)")


def read_host_file_list(path: Path) -> List[Path]:
    """Absolute paths listed in an initramfs.list; `#` comments and blank lines skipped."""
    listed = []
    for lineno, line in enumerate(path.read_text().splitlines(), start=1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        if not entry.startswith("/"):
            raise RigError(f"{path}:{lineno}: not an absolute path: {entry}")
        if not Path(entry).is_file():
            raise RigError(f"{path}:{lineno}: {entry} does not exist on this host "
                           "(install the package the comment names)")
        listed.append(Path(entry))
    return listed


def parse_ldd(output: str) -> List[Path]:
    """Library and loader paths from ldd's output (vdso lines have no path)."""
    return [Path(match.group(1)) for match in map(_LDD_PATH.search, output.splitlines())
            if match]


def with_libraries(files: List[Path]) -> List[Path]:
    """files plus the libraries and loader of each dynamic executable among them."""
    result: List[Path] = []
    seen: Set[Path] = set()
    for path in files:
        extra = []
        if is_dynamic_elf(path):
            proc = subprocess.run(["ldd", str(path)], capture_output=True, text=True)
            if proc.returncode != 0:
                raise RigError(f"ldd {path} failed: {proc.stderr.strip()}")
            extra = parse_ldd(proc.stdout)
        for item in [path, *extra]:
            if item not in seen:
                seen.add(item)
                result.append(item)
    return result
