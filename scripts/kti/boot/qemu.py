# SPDX-License-Identifier: GPL-2.0
"""Boot the kernel under qemu-system-x86_64 (TCG) and capture the serial console to a file.

The guest ends itself with `reboot -f`; -no-reboot turns that (and a panic, with panic=-1)
into qemu exiting.  A hard timeout kills qemu when the guest hangs, and the console log written
so far is kept for the reader.
"""
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import List, Sequence

from .errors import RigError

QEMU = "qemu-system-x86_64"


@dataclass
class BootResult:
    """How the boot ended: qemu's exit status, whether we had to kill it, how long it took."""

    returncode: int
    timed_out: bool
    seconds: float


def kernel_cmdline(extra: Sequence[str] = ()) -> str:
    """Serial console, unthrottled /dev/kmsg (the guest reports through it), reboot on panic,
    and a log buffer that holds 50 freeze cycles (scenarios read it back with dmesg)."""
    args = ["console=ttyS0", "printk.devkmsg=on", "panic=-1", "loglevel=7", "log_buf_len=4M",
            # On a loaded host the emulated timer can miss the IO-APIC timer check at boot
            # ("IO-APIC + timer doesn't work!", a panic); the check is pointless under qemu.
            "no_timer_check", *extra]
    return " ".join(args)


def qemu_command(kernel: Path, initrd: Path, cmdline: str, smp: int = 2,
                 memory: str = "1G") -> List[str]:
    """The qemu command line: TCG, no display, serial on stdout."""
    # sockets=N: without ACPI the kernel finds CPUs in the BIOS MP table, which lists one CPU
    # per socket (SeaBIOS leaves sibling cores out), so -smp 2 alone would boot one CPU.
    return [QEMU, "-accel", "tcg", "-smp", f"{smp},sockets={smp}", "-m", memory,
            "-nographic", "-no-reboot",
            "-kernel", str(kernel), "-initrd", str(initrd), "-append", cmdline]


def boot(kernel: Path, initrd: Path, console_log: Path, timeout: float,
         cmdline: str) -> BootResult:
    """Boot and wait; the console goes to console_log (written as it arrives)."""
    if shutil.which(QEMU) is None:
        raise RigError(f"{QEMU} not found (install qemu-system-x86)")
    cmd = qemu_command(kernel, initrd, cmdline)
    console_log.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with console_log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT)
        try:
            returncode = proc.wait(timeout=timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            proc.kill()
            returncode = proc.wait()
            timed_out = True
    return BootResult(returncode=returncode, timed_out=timed_out,
                      seconds=time.monotonic() - started)
