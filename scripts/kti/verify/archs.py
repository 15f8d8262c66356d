# SPDX-License-Identifier: GPL-2.0
"""The configurations a file may be compile-tested in: each architecture's allmodconfig.

x86_64 builds most of the tree; Debian's cross compilers build the rest.  A file under
arch/<dir>/ can only be built by that architecture; any other file is tried in the order
below until one configuration builds it.  A smaller configuration (allnoconfig plus a
fragment naming what to build) serves make check's compile sample.
"""
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import List, Optional, Tuple


@dataclass(frozen=True)
class Arch:
    """One architecture's configuration: make's ARCH=, its arch/ folder, the compiler prefix,
    the all*config target and the fragment applied on it (None: allmodconfig.config)."""

    name: str
    make_arch: str
    arch_dir: str
    cross_compile: str
    package: str
    config: str = "allmodconfig"
    fragment: Optional[Path] = None

    @property
    def label(self) -> str:
        """How reports name the configuration: "x86_64 allmodconfig"."""
        if self.fragment is None:
            return f"{self.name} {self.config}"
        return f"{self.name} {self.config} + {self.fragment.name}"

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


def small(arch: Arch, fragment: Path) -> Arch:
    """arch's allnoconfig with fragment: builds only what the fragment turns on."""
    return replace(arch, config="allnoconfig", fragment=fragment)


def by_name(name: str) -> Arch:
    for arch in ARCHS:
        if arch.name == name:
            return arch
    raise KeyError(name)


def arch_dir_of(path: str) -> Optional[str]:
    """"mips" for arch/mips/kernel/x.c, None for a file outside arch/."""
    parts = path.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "arch" else None


def candidates(path: str, archs: Tuple[Arch, ...] = ARCHS) -> List[Arch]:
    """The configurations to try for a file, in order ([] when no compiler here fits)."""
    arch_dir = arch_dir_of(path)
    if arch_dir is None:
        return list(archs)
    return [arch for arch in archs if arch.arch_dir == arch_dir]
