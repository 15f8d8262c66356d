# SPDX-License-Identifier: GPL-2.0
"""Build the guest's initramfs: static busybox, the rig's /init, scenarios, modules, host files.

The archive is rebuilt on every run (it takes about a second), so an edited scenario script
is always what runs.  Modules go flat into /modules (scenarios insmod them by path).
"""
import subprocess
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Set

from .cpio import CpioWriter, write_archive
from .elf import is_static_elf
from .errors import RigError
from .hostfiles import read_host_file_list, with_libraries
from .scenarios import ScenarioSet

INIT_SCRIPT = Path(__file__).with_name("init.sh")
_DIRS = ["bin", "dev", "etc", "proc", "run", "sys", "tmp", "modules", "scenarios"]


def busybox_applets(busybox: Path) -> List[str]:
    """Applet names compiled into the busybox binary (its own `--list`)."""
    proc = subprocess.run([str(busybox), "--list"], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RigError(f"{busybox} --list failed")
    return [name for name in proc.stdout.split() if "/" not in name]


class _Tree:
    """A CpioWriter that creates parent directories on first use."""

    def __init__(self) -> None:
        self.archive = CpioWriter()
        self.dirs = {""}
        self.files: Set[str] = set()

    def mkdir(self, name: str) -> None:
        parent = name.rpartition("/")[0]
        if parent not in self.dirs:
            self.mkdir(parent)
        if name not in self.dirs:
            self.dirs.add(name)
            self.archive.add_dir(name)

    def add(self, name: str, data: bytes, perm: int) -> None:
        """Add a file once (several scenario sets may list the same library)."""
        if name in self.files:
            return
        self.mkdir(name.rpartition("/")[0])
        self.files.add(name)
        self.archive.add_file(name, data, perm)


def build_initramfs(out: Path, busybox: Path, sets: Sequence[ScenarioSet],
                    modules: Sequence[Path], extra: Optional[Dict[str, bytes]] = None) -> None:
    """Write the initramfs to out (atomically); extra maps guest paths to generated files."""
    if not busybox.is_file():
        raise RigError(f"{busybox} not found (install busybox-static)")
    data = busybox.read_bytes()
    if not is_static_elf(data):
        raise RigError(f"{busybox} is not a static x86-64 executable (install busybox-static)")
    tree = _Tree()
    for directory in _DIRS:
        tree.mkdir(directory)
    tree.archive.add_char_device("dev/console", 5, 1)
    tree.add("bin/busybox", data, 0o755)
    for applet in busybox_applets(busybox):
        if applet != "busybox":
            tree.archive.add_symlink(f"bin/{applet}", "busybox")
    tree.add("init", INIT_SCRIPT.read_bytes(), 0o755)
    for scenario_set in sets:
        where = "scenarios" + (f"/{scenario_set.guest_dir}" if scenario_set.guest_dir else "")
        for path in [*scenario_set.scripts, *scenario_set.helpers]:
            tree.add(f"{where}/{path.name}", path.read_bytes(), 0o755)
        if scenario_set.host_file_list.is_file():
            for host_file in with_libraries(read_host_file_list(scenario_set.host_file_list)):
                name = str(host_file).lstrip("/")
                if name.rpartition("/")[0] == "bin":
                    raise RigError(f"{host_file}: would replace a busybox applet in /bin")
                tree.add(name, host_file.read_bytes(), host_file.stat().st_mode & 0o777)
    for module in modules:
        tree.add(f"modules/{module.name}", module.read_bytes(), 0o644)
    for name, data in (extra or {}).items():
        tree.add(name, data, 0o644)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_archive(tree.archive, out)
