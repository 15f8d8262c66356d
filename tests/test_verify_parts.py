# SPDX-License-Identifier: GPL-2.0
"""The verifier's small parts: diff reading, parse-c output, diagnostics, Kbuild probe
answers, compile rounds and verdicts, configurations per path, function line ranges."""
import contextlib
import tempfile
import unittest
from pathlib import Path

import tests.verify_support  # noqa: F401 (puts scripts/ on sys.path)

from kti.verify import diag, functions, gate_compile, kbuild, parsec, patchset
from kti.verify.archs import by_name, candidates
from kti.verify.model import Gate, GateResult, Status, Unit, UnitResult, Verdict

PATCH = """commentary before the diff is ignored
--- a/dir/a.c
+++ b/dir/a.c
@@ -3,4 +3,5 @@ int f(void)
 one
-two
+TWO
+three
 four
 five
--- /dev/null
+++ b/dir/new.h
@@ -0,0 +1,2 @@
+#define X 1
+#define Y 2
"""


def unit(unit_id: str, patch: str) -> Unit:
    return Unit(unit_id, (unit_id,), patch, ())


def file_patch(path: str) -> str:
    return f"--- a/{path}\n+++ b/{path}\n@@ -1 +1 @@\n-a\n+b\n"


class PatchsetTest(unittest.TestCase):
    def test_files_and_changed_lines(self) -> None:
        first, second = patchset.parse(PATCH)
        self.assertEqual((first.path, first.removed, first.added), ("dir/a.c", {4}, {4, 5}))
        self.assertEqual((second.old_path, second.path, second.added),
                         ("/dev/null", "dir/new.h", {1, 2}))

    def test_bad_diffs_are_refused(self) -> None:
        with self.assertRaises(patchset.PatchFormatError):
            patchset.parse("not a diff\n")
        with self.assertRaises(patchset.PatchFormatError):
            patchset.parse("--- a.c\n+++ b.c\n@@ -1 +1 @@\n-x\n+y\n")
        with self.assertRaises(patchset.PatchFormatError):
            patchset.parse("--- a/a.c\n+++ b/a.c\n@@ -1,3 +1,3 @@\n-x\n+y\n")


class ParseCTest(unittest.TestCase):
    SOURCE = ["int a;", "}", "", "static void broken(void *p)", "{", "\tint x = (1 + ;",
              "\treturn;", "}", "int b;"]
    OUTPUT = ("parse error \n = File \"a.c\", line 6, column 14, charpos = 84\n"
              "  around = ';',\nbadcount: 6\nbad: }\nbad: \nbad: static void broken(void *p)\n"
              "bad: {\nBAD:!!!!! \tint x = (1 + ;\nbad: \treturn;\nbad: }\n")

    def test_region_is_mapped_back_to_lines(self) -> None:
        self.assertEqual(parsec.bad_lines(self.OUTPUT, self.SOURCE), set(range(2, 9)))

    def test_region_that_does_not_match_the_file_counts_the_error_line_only(self) -> None:
        shifted = [""] + self.SOURCE
        self.assertEqual(parsec.bad_lines(self.OUTPUT, shifted), {6})

    def test_clean_output_has_no_bad_line(self) -> None:
        self.assertEqual(parsec.bad_lines("nb good = 10,  nb bad = 0\n", self.SOURCE), set())


class DiagTest(unittest.TestCase):
    def test_only_warnings_and_errors_with_relative_paths(self) -> None:
        text = ("/src/drivers/x.c: In function 'f':\n"
                "/src/drivers/x.c:12:5: warning: unused variable 'a' [-Wunused-variable]\n"
                "/src/drivers/x.c:12:5: note: declared here\n"
                "/src/include/y.h:3: error: boom\n")
        found = diag.parse(text, "gcc", ["/src"])
        self.assertEqual([(d.path, d.line, d.severity) for d in found],
                         [("drivers/x.c", 12, "warning"), ("include/y.h", 3, "error")])

    def test_moved_warning_is_not_new_a_second_copy_is(self) -> None:
        before = [diag.Diagnostic("gcc", "x.c", 10, "warning", "w1")]
        after = [diag.Diagnostic("gcc", "x.c", 30, "warning", "w1"),
                 diag.Diagnostic("gcc", "x.c", 31, "warning", "w1"),
                 diag.Diagnostic("sparse", "x.c", 31, "warning", "w1")]
        self.assertEqual([(d.tool, d.line) for d in diag.added(before, after)],
                         [("gcc", 31), ("sparse", 31)])

    def test_a_sparse_error_does_not_stop_the_build(self) -> None:
        """psi's build_utility.c: gcc builds it, sparse reports an error in topology.c."""
        found = [diag.Diagnostic("sparse", "kernel/sched/topology.c", 1781, "error",
                                 "incompatible types in comparison expression"),
                 diag.Diagnostic("gcc", "kernel/sched/psi.c", 9, "warning", "w")]
        self.assertEqual(diag.compiler_errors(found), [])
        gcc_error = diag.Diagnostic("gcc", "x.c", 3, "error", "boom")
        self.assertEqual(diag.compiler_errors(found + [gcc_error]), [gcc_error])


class KbuildProbeTest(unittest.TestCase):
    def test_a_file_is_built_when_its_directory_lists_its_object(self) -> None:
        probed = {"drivers/md": {"drivers/md/dm-delay.o", "drivers/md/md.o"}}
        self.assertTrue(kbuild.configured("drivers/md/dm-delay.c", probed))
        self.assertFalse(kbuild.configured("drivers/md/dm-other.c", probed))
        self.assertFalse(kbuild.configured("drivers/s390/cio/crw.c", probed))

    def test_make_env_has_the_cache_the_locale_and_the_diagnostics_folder(self) -> None:
        env = kbuild.make_env(Path("/b/ccache"), Path("/b/diag"))
        self.assertEqual((env["CCACHE_DIR"], env["LC_ALL"], env["KTI_DIAG_DIR"]),
                         ("/b/ccache", "C", "/b/diag"))
        self.assertNotIn("KTI_DIAG_DIR", kbuild.make_env(Path("/b/ccache")))

    def test_objects_listed_by_an_ancestor_directory_count(self) -> None:
        probed = {"drivers/staging/r8": {"drivers/staging/r8/core/rtw_cmd.o"}}
        self.assertTrue(kbuild.configured("drivers/staging/r8/core/rtw_cmd.c", probed))
        self.assertEqual(kbuild.ancestors("drivers/staging/r8/core/x.c"),
                         ["drivers/staging/r8/core", "drivers/staging/r8", "drivers/staging",
                          "drivers"])


class ArchsTest(unittest.TestCase):
    def test_arch_files_only_in_their_own_configuration(self) -> None:
        self.assertEqual([a.name for a in candidates("arch/s390/mm/cmm.c")], ["s390"])
        self.assertEqual([a.name for a in candidates("arch/arm/common/bL_switcher.c")], ["arm"])
        self.assertEqual(candidates("arch/mips/kernel/spinlock_test.c"), [])
        self.assertEqual(candidates("drivers/md/dm-delay.c")[0].name, "x86_64")
        self.assertEqual(by_name("arm64").cross_compile, "aarch64-linux-gnu-")


class RoundsTest(unittest.TestCase):
    def test_units_sharing_a_file_or_changing_a_global_header_are_apart(self) -> None:
        units = [unit("d/a/a.c:f", file_patch("d/a/a.c")),
                 unit("d/a/a.c:g", file_patch("d/a/a.c")),
                 unit("d/b/b.c:h", file_patch("d/b/b.c")),
                 unit("d/c/c.c:i", file_patch("d/c/c.c") + file_patch("include/linux/c.h"))]
        rounds = [[u.unit_id for u in r] for r in gate_compile.rounds(units)]
        self.assertEqual(rounds, [["d/a/a.c:f", "d/b/b.c:h"], ["d/a/a.c:g"], ["d/c/c.c:i"]])

    def test_local_header_keeps_its_area_to_itself(self) -> None:
        units = [unit("drivers/usb/usbip/a.c:f",
                      file_patch("drivers/usb/usbip/a.c") + file_patch("drivers/usb/usbip/u.h")),
                 unit("drivers/usb/core/b.c:g", file_patch("drivers/usb/core/b.c")),
                 unit("fs/gfs2/c.c:h", file_patch("fs/gfs2/c.c"))]
        rounds = [[u.unit_id for u in r] for r in gate_compile.rounds(units)]
        self.assertEqual(rounds, [["drivers/usb/core/b.c:g", "fs/gfs2/c.c:h"],
                                  ["drivers/usb/usbip/a.c:f"]])

    def test_units_building_the_same_includer_are_apart(self) -> None:
        arch = by_name("x86_64")
        units = [unit("r/a.c:f", file_patch("r/a.c")), unit("r/b.c:g", file_patch("r/b.c"))]
        placement = {"r/a.c": ("r/tree.c", arch), "r/b.c": ("r/tree.c", arch)}
        rounds = [[u.unit_id for u in r] for r in gate_compile.rounds(units, placement)]
        self.assertEqual(rounds, [["r/a.c:f"], ["r/b.c:g"]])


class JudgeTest(unittest.TestCase):
    ARCH = by_name("x86_64")
    WARN = diag.Diagnostic("gcc", "d/x.c", 5, "warning", "w")

    def judge(self, before, after, arch=ARCH):  # noqa: ANN001, ANN201
        u = unit("d/x.c:f", file_patch("d/x.c"))
        originals = {"d/x.c": before} if before else {}
        converted = {"d/x.c": after} if after else {}
        placement = {"d/x.c": ("d/x.c", arch) if arch else None}
        return gate_compile.judge(u, placement, originals, converted)

    def build(self, outcome, *diagnostics):  # noqa: ANN001, ANN201
        return kbuild.FileBuild("d/x.c", "x86_64", outcome, list(diagnostics))

    def test_same_warnings_pass(self) -> None:
        result = self.judge(self.build(kbuild.Outcome.BUILT, self.WARN),
                            self.build(kbuild.Outcome.BUILT, self.WARN))
        self.assertEqual(result.status, Status.PASS)
        self.assertEqual(result.data["configs"], {"d/x.c": "x86_64"})

    def test_new_warning_fails(self) -> None:
        result = self.judge(self.build(kbuild.Outcome.BUILT),
                            self.build(kbuild.Outcome.BUILT, self.WARN))
        self.assertEqual(result.status, Status.FAIL)
        self.assertIn("1 new warning(s) in x86_64 allmodconfig", result.detail)

    def test_unconverted_file_that_does_not_build_is_not_compile_tested(self) -> None:
        error = diag.Diagnostic("gcc", "d/x.c", 1, "error", "boom")
        result = self.judge(self.build(kbuild.Outcome.FAILED, error), None)
        self.assertEqual(result.status, Status.NOT_COMPILE_TESTED)
        self.assertIn("does not build unconverted", result.detail)

    def test_no_configuration_is_not_compile_tested(self) -> None:
        result = self.judge(None, None, arch=None)
        self.assertEqual(result.status, Status.NOT_COMPILE_TESTED)
        self.assertIn("no configuration tried builds it", result.detail)

    def test_included_file_is_judged_by_its_includer(self) -> None:
        u = unit("d/psi.c:f", file_patch("d/psi.c"))
        placement = {"d/psi.c": ("d/build.c", self.ARCH)}
        before = kbuild.FileBuild("d/build.c", "x86_64", kbuild.Outcome.BUILT, [])
        warn = diag.Diagnostic("gcc", "d/psi.c", 3, "warning", "w")
        after = kbuild.FileBuild("d/build.c", "x86_64", kbuild.Outcome.BUILT, [warn])
        result = gate_compile.judge(u, placement, {"d/build.c": before}, {"d/build.c": after})
        self.assertEqual(result.status, Status.FAIL)
        self.assertEqual(result.data["configs"], {"d/build.c": "x86_64"})

    def test_one_unplaced_file_makes_the_unit_not_compile_tested(self) -> None:
        # x.c builds, y.c does not: the unit was never built converted, which is no failure.
        u = unit("d/x.c:f", file_patch("d/x.c") + file_patch("d/y.c"))
        placement = {"d/x.c": ("d/x.c", self.ARCH), "d/y.c": None}
        before = kbuild.FileBuild("d/x.c", "x86_64", kbuild.Outcome.BUILT, [])
        result = gate_compile.judge(u, placement, {"d/x.c": before}, {})
        self.assertEqual(result.status, Status.NOT_COMPILE_TESTED)
        self.assertIn("d/y.c: no configuration tried builds it", result.detail)

    def test_header_without_includer_alone_is_not_compile_tested(self) -> None:
        u = unit("d/x.h:f", file_patch("d/x.h"))
        result = gate_compile.judge(u, {"d/x.h": None}, {}, {})
        self.assertEqual(result.status, Status.NOT_COMPILE_TESTED)


class VerdictTest(unittest.TestCase):
    def result(self, *statuses: Status) -> UnitResult:
        return UnitResult("u", [GateResult(g, s, f"why {int(g)}")
                                for g, s in zip(Gate, statuses)])

    def test_all_pass_is_verified(self) -> None:
        self.assertEqual(self.result(*[Status.PASS] * 5).verdict, Verdict.VERIFIED)

    def test_first_failing_check_is_the_reason(self) -> None:
        result = self.result(Status.PASS, Status.PASS, Status.FAIL, Status.PASS, Status.FAIL)
        self.assertEqual(result.verdict, Verdict.FAILED)
        self.assertEqual(result.reason, "failed check 3: why 3")

    def test_not_compile_tested_is_never_verified(self) -> None:
        result = self.result(Status.PASS, Status.NOT_COMPILE_TESTED, Status.PASS, Status.PASS,
                             Status.PASS)
        self.assertEqual(result.verdict, Verdict.NOT_COMPILE_TESTED)

    def test_a_check_not_run_is_not_a_pass(self) -> None:
        result = self.result(Status.PASS, Status.PASS, Status.PASS, Status.NOT_RUN, Status.PASS)
        self.assertEqual(result.verdict, Verdict.FAILED)
        self.assertEqual(result.reason, "failed check 4: why 4")

    def test_missing_gate_is_not_verified(self) -> None:
        self.assertEqual(self.result(*[Status.PASS] * 4).verdict, Verdict.FAILED)


class FunctionLinesTest(unittest.TestCase):
    def test_range_starts_at_the_return_type(self) -> None:
        text = ("#include <x.h>\n\nstatic int\nf(void *d)\n{\n\treturn 0;\n}\n"
                "int g;\n/* c */\nvoid h(void)\n{\n}\n")
        found = functions.function_lines(text)
        self.assertEqual([(f.name, f.first, f.last) for f in found],
                         [("f", 3, 7), ("h", 10, 12)])
        self.assertEqual(functions.touched(found, {4, 8}), ["f"])


if __name__ == "__main__":
    unittest.main()


class CompilerScratchTest(unittest.TestCase):
    """Converted files are compiled with their patches in the scratch tree, also when the
    configuration and the unconverted builds come from earlier runs: configuring resets
    the scratch tree, so it must happen before the patches go in (it used to happen inside,
    and three units with compile errors passed gate 2)."""

    class Scratch:
        def __init__(self, path):
            self.path = path
            self.patched_now = False

        def reset(self):
            self.patched_now = False

        @contextlib.contextmanager
        def patched(self, patches):
            self.reset()
            self.patched_now = True
            try:
                yield self.path
            finally:
                self.reset()

    def test_configure_happens_before_the_patches(self):
        from unittest import mock
        from kti.verify.paths import VerifyPaths
        with tempfile.TemporaryDirectory() as tmp:
            scratch = self.Scratch(Path(tmp) / "src")
            compiler = gate_compile.Compiler(VerifyPaths(Path(tmp)), scratch, "key", 1)
            seen = []

            def build(src, obj, arch, files, *rest):
                seen.append(scratch.patched_now)
                return {f: kbuild.FileBuild(f, arch.name, kbuild.Outcome.BUILT) for f in files}
            unit = Unit("x.c:t:1", ("x.c:t:1",), "--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n",
                        ("x.c",))
            placement = {"x.c": ("x.c", by_name("x86_64"))}
            with mock.patch.object(kbuild, "configure", return_value=0.0), \
                    mock.patch.object(kbuild, "build", side_effect=build):
                out = compiler.converted([unit], placement)
        self.assertEqual(seen, [True])
        self.assertEqual(out["x.c:t:1"]["x.c"].outcome, kbuild.Outcome.BUILT)
