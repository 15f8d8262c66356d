# SPDX-License-Identifier: GPL-2.0
"""Boot rig: build command line, module list, build error summary, fingerprints."""
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from kti.boot.errors import RigError  # noqa: E402
from kti.boot.fingerprint import build_fingerprint, source_fingerprint  # noqa: E402
from kti.boot.kbuild import (built_modules, error_lines, make_command,  # noqa: E402
                              shared_cache_env)
from kti.boot.qemu import kernel_cmdline, qemu_command  # noqa: E402


class KbuildTest(unittest.TestCase):
    def test_ccache_wraps_both_compilers_only_when_asked(self) -> None:
        with_cache = make_command(Path("/src"), Path("/obj"), 2, True)
        self.assertIn("CC=ccache gcc", with_cache)
        self.assertIn("HOSTCC=ccache gcc", with_cache)
        self.assertEqual(with_cache[-2:], ["bzImage", "modules"])
        without = make_command(Path("/src"), Path("/obj"), 2, False)
        self.assertFalse(any("ccache" in arg for arg in without))
        self.assertIn("-j2", without)
        self.assertIn("O=/obj", without)

    def test_both_kernels_hash_paths_relative_to_their_build_root(self) -> None:
        # build/boot and build/boot-baseline: both compile ../src/kernel/kthread.c in obj/,
        # and __FILE__ loses the ../src/ that ccache's relative path brings.
        for root in ("/p/build/boot", "/p/build/boot-baseline"):
            src, obj = Path(root, "src"), Path(root, "obj")
            env = shared_cache_env(Path("/p/build/boot-ccache"), src, obj)
            self.assertEqual(env["CCACHE_DIR"], "/p/build/boot-ccache")
            self.assertEqual(env["CCACHE_BASEDIR"], root)
            self.assertEqual(env["CCACHE_NOHASHDIR"], "1")
            self.assertIn("KCFLAGS=-fmacro-prefix-map=../src/=", make_command(src, obj, 2, True))
        self.assertFalse(any(arg.startswith("KCFLAGS") for arg in
                             make_command(Path("/s"), Path("/o"), 2, False)))

    def test_modules_come_from_modules_order(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            obj = Path(tmp)
            (obj / "lib").mkdir()
            (obj / "lib" / "test_kthread_iterant.ko").write_bytes(b"")
            (obj / "lib" / "stale.ko").write_bytes(b"")
            (obj / "modules.order").write_text("lib/test_kthread_iterant.o\n")
            self.assertEqual([p.name for p in built_modules(obj)], ["test_kthread_iterant.ko"])
            (obj / "modules.order").write_text("lib/test_kthread_iterant.o\nfs/gone.o\n")
            with self.assertRaisesRegex(RigError, "fs/gone.o"):
                built_modules(obj)

    def test_no_modules_order_no_modules(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            self.assertEqual(built_modules(Path(tmp)), [])

    def test_error_lines_pick_the_compiler_errors(self) -> None:
        log = ("  CC      kernel/kthread.o\n"
               "kernel/kthread.c:12:3: error: 'foo' undeclared\n"
               "  CC      lib/test_kthread_iterant.o\n"
               "make[4]: *** [scripts/Makefile.build:229: kernel/kthread.o] Error 1\n")
        self.assertEqual(error_lines(log)[0], "kernel/kthread.c:12:3: error: 'foo' undeclared")
        self.assertEqual(len(error_lines(log)), 2)


class FingerprintTest(unittest.TestCase):
    def test_patch_content_and_fragments_matter(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            patch = Path(tmp) / "0001-a.patch"
            frag = Path(tmp) / "kthread-iterant.config"
            patch.write_text("one")
            frag.write_text("CONFIG_A=y\n")
            first = source_fingerprint("abc", [patch])
            self.assertEqual(first, source_fingerprint("abc", [patch]))
            self.assertNotEqual(first, source_fingerprint("abd", [patch]))
            build = build_fingerprint(first, [frag], "gcc 12")
            self.assertNotEqual(build, build_fingerprint(first, [frag], "gcc 13"))
            frag.write_text("CONFIG_A=m\n")
            self.assertNotEqual(build, build_fingerprint(first, [frag], "gcc 12"))
            patch.write_text("two")
            self.assertNotEqual(first, source_fingerprint("abc", [patch]))


class QemuTest(unittest.TestCase):
    def test_two_sockets_so_the_mp_table_lists_both_cpus(self) -> None:
        cmd = qemu_command(Path("bzImage"), Path("initrd"), "console=ttyS0")
        self.assertEqual(cmd[cmd.index("-smp") + 1], "2,sockets=2")
        for flag in ("-nographic", "-no-reboot"):
            self.assertIn(flag, cmd)
        self.assertEqual(cmd[cmd.index("-append") + 1], "console=ttyS0")

    def test_cmdline(self) -> None:
        words = kernel_cmdline(["kti.kernel=converted"]).split()
        for word in ("console=ttyS0", "printk.devkmsg=on", "panic=-1", "no_timer_check",
                     "kti.kernel=converted"):
            self.assertIn(word, words)


if __name__ == "__main__":
    unittest.main()
