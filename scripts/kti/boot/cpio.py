# SPDX-License-Identifier: GPL-2.0
"""Write a "newc" cpio archive, the format the kernel unpacks as an initramfs.

Written here rather than with cpio(1) so the archive needs no root (device nodes), holds fixed
owners and times (the same inputs give the same bytes) and lists exactly what we add.
"""
import stat
from pathlib import Path
from typing import BinaryIO, List, Tuple

_TRAILER = "TRAILER!!!"


class CpioWriter:
    """Collects entries and writes them in the order added (parents before children)."""

    def __init__(self) -> None:
        self._entries: List[Tuple[str, int, bytes, int]] = []

    def add_dir(self, name: str, perm: int = 0o755) -> None:
        self._entries.append((name, stat.S_IFDIR | perm, b"", 0))

    def add_file(self, name: str, data: bytes, perm: int = 0o644) -> None:
        self._entries.append((name, stat.S_IFREG | perm, data, 0))

    def add_symlink(self, name: str, target: str) -> None:
        self._entries.append((name, stat.S_IFLNK | 0o777, target.encode(), 0))

    def add_char_device(self, name: str, major: int, minor: int, perm: int = 0o600) -> None:
        self._entries.append((name, stat.S_IFCHR | perm, b"", (major << 8) | minor))

    def write(self, out: BinaryIO) -> None:
        inode = 1
        for name, mode, data, rdev in self._entries:
            _write_entry(out, inode, name, mode, data, rdev)
            inode += 1
        _write_entry(out, 0, _TRAILER, 0, b"", 0)
        # Pad the archive to a 512-byte block, as cpio(1) does.
        size = out.tell()
        out.write(b"\0" * (-size % 512))


def _pad4(out: BinaryIO) -> None:
    out.write(b"\0" * (-out.tell() % 4))


def _write_entry(out: BinaryIO, inode: int, name: str, mode: int, data: bytes,
                 rdev: int) -> None:
    encoded = name.lstrip("/").encode() + b"\0"
    nlink = 2 if stat.S_ISDIR(mode) else 1
    fields = [inode, mode, 0, 0, nlink, 0, len(data), 0, 0, rdev >> 8, rdev & 0xFF,
              len(encoded), 0]
    out.write(b"070701" + b"".join(b"%08X" % value for value in fields))
    out.write(encoded)
    _pad4(out)
    out.write(data)
    _pad4(out)


def write_archive(writer: CpioWriter, path: Path) -> None:
    """Write the archive to path atomically (temp file + rename)."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as out:
        writer.write(out)
    tmp.replace(path)
