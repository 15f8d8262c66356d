# SPDX-License-Identifier: GPL-2.0
"""Build the guest's initramfs: static busybox, the rig's /init, scenarios and modules.

The archive is rebuilt on every run (it takes well under a second), so an edited scenario
script is always what runs.
"""
import re
import subprocess
from pathlib import Path
from typing import List, Sequence

from .cpio import CpioWriter, write_archive
from .errors import RigError

INIT_SCRIPT = Path(__file__).with_name("init.sh")
_SCENARIO_NAME = re.compile(r"^[0-9]+-[A-Za-z0-9_-]+\.sh$")
_DIRS = ["bin", "dev", "etc", "proc", "sys", "tmp", "modules", "scenarios"]


def is_static_elf(data: bytes) -> bool:
    """True for an ELF executable without a program interpreter (statically linked).

    Reads the ELF64 little-endian program headers: PT_INTERP (type 3) means a dynamic binary,
    which could not run in an initramfs without its libraries.
    """
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return False
    phoff = int.from_bytes(data[0x20:0x28], "little")
    phentsize = int.from_bytes(data[0x36:0x38], "little")
    phnum = int.from_bytes(data[0x38:0x3A], "little")
    for index in range(phnum):
        start = phoff + index * phentsize
        if int.from_bytes(data[start:start + 4], "little") == 3:
            return False
    return True


def scenario_scripts(scenario_dir: Path) -> List[Path]:
    """The scenarios in a directory, in run order: files named NN-name.sh, sorted by name."""
    if not scenario_dir.is_dir():
        raise RigError(f"scenario directory {scenario_dir} does not exist")
    return sorted(path for path in scenario_dir.iterdir()
                  if path.is_file() and _SCENARIO_NAME.match(path.name))


def busybox_applets(busybox: Path) -> List[str]:
    """Applet names compiled into the busybox binary (its own `--list`)."""
    proc = subprocess.run([str(busybox), "--list"], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RigError(f"{busybox} --list failed")
    return [name for name in proc.stdout.split() if "/" not in name]


def build_initramfs(out: Path, busybox: Path, scenarios: Sequence[Path],
                    helpers: Sequence[Path], modules: Sequence[Path]) -> None:
    """Write the initramfs to out.

    scenarios run in the given order (copied to /scenarios); helpers are files the scenarios
    source (copied beside them, never run by /init); modules go to /modules.
    """
    if not busybox.is_file():
        raise RigError(f"{busybox} not found (install busybox-static)")
    data = busybox.read_bytes()
    if not is_static_elf(data):
        raise RigError(f"{busybox} is not a static x86-64 executable (install busybox-static)")
    archive = CpioWriter()
    for directory in _DIRS:
        archive.add_dir(directory)
    archive.add_char_device("dev/console", 5, 1)
    archive.add_file("bin/busybox", data, 0o755)
    for applet in busybox_applets(busybox):
        if applet != "busybox":
            archive.add_symlink(f"bin/{applet}", "busybox")
    archive.add_file("init", INIT_SCRIPT.read_bytes(), 0o755)
    for path in [*scenarios, *helpers]:
        archive.add_file(f"scenarios/{path.name}", path.read_bytes(), 0o755)
    for module in modules:
        archive.add_file(f"modules/{module.name}", module.read_bytes(), 0o644)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_archive(archive, out)
