# SPDX-License-Identifier: GPL-2.0
"""The configurations a file may be compile-tested in: each architecture's allmodconfig.

x86_64 builds most of the tree; Debian's cross compilers build the rest.  A file under
arch/<dir>/ can only be built by that architecture; any other file is tried in the order
below until one configuration builds it.
"""
import shutil
from dataclasses import dataclass
from typing import List, Optional, Tuple


@dataclass(frozen=True)
class Arch:
    """One architecture's allmodconfig: make's ARCH=, its arch/ folder, the compiler prefix."""

    name: str
    make_arch: str
    arch_dir: str
    cross_compile: str
    package: str

    @property
    def gcc(self) -> str:
        return f"{self.cross_compile}gcc"

    def available(self) -> bool:
        return shutil.which(self.gcc) is not None


ARCHS: Tuple[Arch, ...] = (
    Arch("x86_64", "x86_64", "x86", "", "gcc"),
    Arch("arm64", "arm64", "arm64", "aarch64-linux-gnu-", "gcc-aarch64-linux-gnu"),
    Arch("arm", "arm", "arm", "arm-linux-gnueabihf-", "gcc-arm-linux-gnueabihf"),
    Arch("powerpc", "powerpc", "powerpc", "powerpc64le-linux-gnu-", "gcc-powerpc64le-linux-gnu"),
    Arch("s390", "s390", "s390", "s390x-linux-gnu-", "gcc-s390x-linux-gnu"),
)


def by_name(name: str) -> Arch:
    for arch in ARCHS:
        if arch.name == name:
            return arch
    raise KeyError(name)


def arch_dir_of(path: str) -> Optional[str]:
    """"mips" for arch/mips/kernel/x.c, None for a file outside arch/."""
    parts = path.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "arch" else None


def candidates(path: str) -> List[Arch]:
    """The configurations to try for a file, in order ([] when no compiler here fits)."""
    arch_dir = arch_dir_of(path)
    if arch_dir is None:
        return list(ARCHS)
    return [arch for arch in ARCHS if arch.arch_dir == arch_dir]
