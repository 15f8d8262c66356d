# SPDX-License-Identifier: GPL-2.0
"""Tell static from dynamic x86-64 executables by their program headers.

The initramfs has no libraries of its own: busybox must be static, and any other program
copied in needs its libraries copied along.
"""
from pathlib import Path

_PT_INTERP = 3


def is_elf64(data: bytes) -> bool:
    """A 64-bit little-endian ELF file."""
    return len(data) >= 0x40 and data[:4] == b"\x7fELF" and data[4] == 2 and data[5] == 1


def has_interpreter(data: bytes) -> bool:
    """True when the program headers hold PT_INTERP (the dynamic loader)."""
    phoff = int.from_bytes(data[0x20:0x28], "little")
    phentsize = int.from_bytes(data[0x36:0x38], "little")
    phnum = int.from_bytes(data[0x38:0x3A], "little")
    for index in range(phnum):
        start = phoff + index * phentsize
        if int.from_bytes(data[start:start + 4], "little") == _PT_INTERP:
            return True
    return False


def is_static_elf(data: bytes) -> bool:
    """An ELF64 executable that runs without a dynamic loader."""
    return is_elf64(data) and not has_interpreter(data)


def is_dynamic_elf(path: Path) -> bool:
    """An ELF64 file that needs the dynamic loader (so ldd can list its libraries)."""
    data = path.read_bytes()
    return is_elf64(data) and has_interpreter(data)
