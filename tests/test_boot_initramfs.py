# SPDX-License-Identifier: GPL-2.0
"""Boot rig: the initramfs (newc cpio writer, static busybox check, scenario selection)."""
import io
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from kti.boot.cpio import CpioWriter, write_archive  # noqa: E402
from kti.boot.errors import RigError  # noqa: E402
from kti.boot.elf import is_dynamic_elf, is_static_elf  # noqa: E402
from kti.boot.hostfiles import parse_ldd, read_host_file_list, with_libraries  # noqa: E402
from kti.boot.initramfs import build_initramfs  # noqa: E402
from kti.boot.scenarios import bench_sets, scenario_scripts, test_sets  # noqa: E402


def read_newc(data: bytes):  # noqa: ANN201 (test helper: list of (name, mode, body, rdev))
    """A minimal newc reader, independent of the writer, for checking what was written."""
    entries, offset = [], 0
    while True:
        header = data[offset:offset + 110]
        assert header[:6] == b"070701", header[:6]
        fields = [int(header[6 + 8 * i:14 + 8 * i], 16) for i in range(13)]
        mode, size, rmaj, rmin, namesize = fields[1], fields[6], fields[9], fields[10], fields[11]
        name = data[offset + 110:offset + 110 + namesize - 1].decode()
        offset = (offset + 110 + namesize + 3) & ~3
        body = data[offset:offset + size]
        offset = (offset + size + 3) & ~3
        if name == "TRAILER!!!":
            return entries
        entries.append((name, mode, body, (rmaj, rmin)))


class CpioTest(unittest.TestCase):
    def build(self) -> bytes:
        archive = CpioWriter()
        archive.add_dir("bin")
        archive.add_file("bin/busybox", b"\x7fELFxyz", 0o755)
        archive.add_symlink("bin/sh", "busybox")
        archive.add_char_device("dev/console", 5, 1)
        archive.add_file("init", b"#!/bin/sh\n", 0o755)
        out = io.BytesIO()
        archive.write(out)
        return out.getvalue()

    def test_round_trip(self) -> None:
        entries = read_newc(self.build())
        self.assertEqual([e[0] for e in entries], ["bin", "bin/busybox", "bin/sh",
                                                   "dev/console", "init"])
        by_name = {e[0]: e for e in entries}
        self.assertTrue(stat.S_ISDIR(by_name["bin"][1]))
        self.assertEqual(by_name["bin/busybox"][2], b"\x7fELFxyz")
        self.assertEqual(stat.S_IMODE(by_name["init"][1]), 0o755)
        self.assertTrue(stat.S_ISLNK(by_name["bin/sh"][1]))
        self.assertEqual(by_name["bin/sh"][2], b"busybox")
        self.assertTrue(stat.S_ISCHR(by_name["dev/console"][1]))
        self.assertEqual(by_name["dev/console"][3], (5, 1))

    def test_padded_to_blocks(self) -> None:
        self.assertEqual(len(self.build()) % 512, 0)

    def test_same_input_same_bytes(self) -> None:
        self.assertEqual(self.build(), self.build())

    @unittest.skipUnless(shutil.which("cpio"), "cpio(1) not installed")
    def test_gnu_cpio_lists_it(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "initramfs.cpio"
            archive = CpioWriter()
            archive.add_dir("bin")
            archive.add_file("bin/hello", b"hi\n")
            write_archive(archive, path)
            listing = subprocess.run(["cpio", "-it", "--quiet"], stdin=path.open("rb"),
                                     capture_output=True, text=True, check=True).stdout.split()
            self.assertEqual(listing, ["bin", "bin/hello"])
            self.assertFalse(path.with_name("initramfs.cpio.tmp").exists())


class InitramfsTest(unittest.TestCase):
    @unittest.skipUnless(Path("/bin/busybox").is_file(), "busybox-static not installed")
    def test_layout(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            (root / "guest" / "conv").mkdir(parents=True)
            for name in ("01-a.sh", "lib.sh", "conv/01-b.sh", "conv/conv-lib.sh"):
                (root / "guest" / name).write_text("echo 1..0\n")
            (root / "guest" / "conv" / "initramfs.list").write_text("/etc/hostname\n")
            module = root / "test_kthread_iterant.ko"
            module.write_bytes(b"ko")
            out = root / "initramfs.cpio"
            build_initramfs(out, Path("/bin/busybox"), test_sets(root / "guest"), [module])
            names = [entry[0] for entry in read_newc(out.read_bytes())]
            for expected in ("init", "bin/busybox", "bin/sh", "dev/console",
                             "scenarios/01-a.sh", "scenarios/lib.sh", "scenarios/conv/01-b.sh",
                             "scenarios/conv/conv-lib.sh", "etc/hostname",
                             "modules/test_kthread_iterant.ko"):
                self.assertIn(expected, names)
            # Parents come before their children, each directory once.
            self.assertLess(names.index("scenarios"), names.index("scenarios/conv"))
            self.assertLess(names.index("scenarios/conv"), names.index("scenarios/conv/01-b.sh"))
            self.assertEqual(names.count("scenarios"), 1)


class StaticElfTest(unittest.TestCase):
    @unittest.skipUnless(Path("/bin/busybox").is_file(), "busybox-static not installed")
    def test_busybox_static_is_static(self) -> None:
        self.assertTrue(is_static_elf(Path("/bin/busybox").read_bytes()))

    def test_dynamic_binary_is_not(self) -> None:
        self.assertFalse(is_static_elf(Path(sys.executable).resolve().read_bytes()))

    def test_script_is_not(self) -> None:
        self.assertFalse(is_static_elf(b"#!/bin/sh\necho hi\n"))


class HostFilesTest(unittest.TestCase):
    LDD = ("\tlinux-vdso.so.1 (0x00007ffd3b5f2000)\n"
           "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f1c2a000000)\n"
           "\t/lib64/ld-linux-x86-64.so.2 (0x00007f1c2a3e0000)\n")

    def test_parse_ldd(self) -> None:
        self.assertEqual(parse_ldd(self.LDD), [Path("/lib/x86_64-linux-gnu/libc.so.6"),
                                               Path("/lib64/ld-linux-x86-64.so.2")])

    def test_list_needs_existing_absolute_paths(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            listing = Path(tmp) / "initramfs.list"
            listing.write_text("# comment\n\n/bin/sh  # the shell\n")
            self.assertEqual(read_host_file_list(listing), [Path("/bin/sh")])
            listing.write_text("usr/sbin/rpcbind\n")
            with self.assertRaisesRegex(RigError, "initramfs.list:1: not an absolute"):
                read_host_file_list(listing)
            listing.write_text("/nonexistent/rpcbind\n")
            with self.assertRaisesRegex(RigError, "does not exist on this host"):
                read_host_file_list(listing)

    def test_dynamic_program_brings_its_libraries(self) -> None:
        program = Path(sys.executable).resolve()
        self.assertTrue(is_dynamic_elf(program))
        files = with_libraries([program])
        self.assertEqual(files[0], program)
        self.assertTrue(any("libc.so" in str(p) for p in files[1:]))
        self.assertTrue(any("ld-linux" in str(p) for p in files[1:]))


class ScenarioSelectionTest(unittest.TestCase):
    def test_numbered_scripts_in_order(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            for name in ("10-late.sh", "02-early.sh", "lib.sh", "03-notes.txt", "1x.sh"):
                (root / name).write_text("")
            (root / "bench").mkdir()
            self.assertEqual([p.name for p in scenario_scripts(root)],
                             ["02-early.sh", "10-late.sh"])

    def test_missing_directory(self) -> None:
        with self.assertRaisesRegex(RigError, "does not exist"):
            scenario_scripts(Path("/nonexistent/guest"))

    def test_sets_core_first_then_subdirectories_bench_apart(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            for name in ("01-core.sh", "lib.sh", "conv/02-b.sh", "conv/01-a.sh",
                         "conv/conv-lib.sh", "bench/01-cost.sh", "docs/README.md"):
                (root / name).parent.mkdir(exist_ok=True)
                (root / name).write_text("")
            sets = test_sets(root)
            self.assertEqual([n for s in sets for n in s.names()],
                             ["01-core", "conv/01-a", "conv/02-b"])
            self.assertEqual([p.name for p in sets[0].helpers], ["lib.sh"])
            self.assertEqual([p.name for p in sets[1].helpers], ["conv-lib.sh"])
            bench = bench_sets(root)
            self.assertEqual(bench[0].names(), ["01-cost"])
            self.assertEqual([p.name for p in bench[0].helpers], ["lib.sh"])

    def test_project_scenarios_exist(self) -> None:
        guest = Path(__file__).resolve().parent / "guest"
        names = [p.stem for p in scenario_scripts(guest)]
        self.assertIn("01-debugfs", names)
        self.assertIn("02-freeze-stress", names)
        self.assertIn("03-freeze-proof", names)


if __name__ == "__main__":
    unittest.main()
