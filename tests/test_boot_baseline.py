# SPDX-License-Identifier: GPL-2.0
"""Boot rig: `kti-boot test --baseline`, the conversion scenarios on the unconverted tree."""
import contextlib
import io
import sys
import tempfile
import unittest
from pathlib import Path
from typing import List

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "scripts"))

from kti.boot import cli, rig  # noqa: E402
from kti.boot.errors import RigError  # noqa: E402
from kti.boot.kconfig import (defined_symbols, parse_config_text, split_undefined,  # noqa: E402
                              verify)
from kti.boot.qemu import BootResult  # noqa: E402
from kti.boot.report import summary_lines  # noqa: E402
from kti.boot.scenarios import baseline_sets  # noqa: E402
from tests.kernel_tree import KERNEL_TREE, skip_unless_in_tree  # noqa: E402

TREE = KERNEL_TREE


class BaselineOptionTest(unittest.TestCase):
    def test_baseline_builds_in_its_own_root(self) -> None:
        args = cli.parse_args(["test", "--baseline"])
        self.assertTrue(args.baseline)
        self.assertEqual(args.build_dir, PROJECT / "build" / "boot-baseline")

    def test_converted_run_keeps_build_boot(self) -> None:
        args = cli.parse_args(["test"])
        self.assertFalse(args.baseline)
        self.assertEqual(args.build_dir, PROJECT / "build" / "boot")

    def test_explicit_build_dir_wins(self) -> None:
        args = cli.parse_args(["test", "--baseline", "--build-dir", "/tmp/elsewhere"])
        self.assertEqual(args.build_dir, Path("/tmp/elsewhere"))

    def test_bench_refuses_baseline(self) -> None:
        with contextlib.redirect_stderr(io.StringIO()) as err, \
                self.assertRaises(SystemExit) as exit_info:
            cli.parse_args(["bench", "--baseline"])
        self.assertEqual(exit_info.exception.code, 2)
        self.assertIn("--baseline only applies to test", err.getvalue())

    def test_label_names_the_run(self) -> None:
        opts = rig.RigOptions(ksrc=TREE, patch_dir=Path(), scenario_dir=Path(),
                              build_root=Path(), suite="s", timeout=1.0, keep=False)
        self.assertEqual(opts.label, "boot-test")
        opts.baseline = True
        self.assertEqual(opts.label, "boot-test-baseline")


class UndefinedOptionTest(unittest.TestCase):
    def make_tree(self, root: Path) -> None:
        (root / "lib").mkdir()
        (root / "Kconfig").write_text('source "lib/Kconfig.debug"\nconfig MODULES\n\tbool\n')
        (root / "lib" / "Kconfig.debug").write_text(
            "menuconfig RUNTIME_TESTING_MENU\n\tbool \"tests\"\n"
            "if RUNTIME_TESTING_MENU\n  config TEST_FOO  # indented, with comment\n"
            "\ttristate\nendif\n"
            "\thelp\n\t  A config KUNIT line in help text is no definition.\n")
        (root / "lib" / "notes.txt").write_text("config NOT_KCONFIG\n")

    def test_definitions_are_found_in_every_kconfig_file(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            self.make_tree(Path(tmp))
            self.assertEqual(defined_symbols(Path(tmp)),
                             {"CONFIG_MODULES", "CONFIG_RUNTIME_TESTING_MENU",
                              "CONFIG_TEST_FOO"})

    def test_undefined_options_are_split_off(self) -> None:
        first, second = Path("rig.config"), Path("series.config")
        requested = [(first, {"CONFIG_MODULES": "y", "CONFIG_SERIES_ONLY": "y"}),
                     (second, {"CONFIG_SERIES_ONLY": "m", "CONFIG_TEST_FOO": "m"})]
        kept, dropped = split_undefined(requested, {"CONFIG_MODULES", "CONFIG_TEST_FOO"})
        self.assertEqual(dropped, ["CONFIG_SERIES_ONLY"])
        self.assertEqual(kept, [(first, {"CONFIG_MODULES": "y"}),
                                (second, {"CONFIG_TEST_FOO": "m"})])

    def test_defined_options_are_still_verified(self) -> None:
        requested = [(Path("f.config"), {"CONFIG_MODULES": "y", "CONFIG_SERIES_ONLY": "y"})]
        kept, _ = split_undefined(requested, {"CONFIG_MODULES"})
        verify(kept, {"CONFIG_MODULES": "y"})
        with self.assertRaisesRegex(RigError, "CONFIG_MODULES=y"):
            verify(kept, {})

    @skip_unless_in_tree("Kconfig")
    def test_series_options_are_undefined_on_the_baseline(self) -> None:
        fragment = PROJECT / "kernel-patches" / "kthread-iterant.config"
        requested = [(fragment, parse_config_text(fragment.read_text(), str(fragment)))]
        _, dropped = split_undefined(requested, defined_symbols(TREE))
        self.assertIn("CONFIG_KTHREAD_ITERANT_KUNIT_TEST", dropped)
        self.assertIn("CONFIG_TEST_KTHREAD_ITERANT", dropped)
        self.assertNotIn("CONFIG_JFFS2_FS", dropped)


class BaselineScenarioTest(unittest.TestCase):
    def test_only_the_conversions_run(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            (root / "conversions").mkdir()
            (root / "other").mkdir()
            for name in ["01-core.sh", "lib.sh", "conversions/21-rb.sh",
                         "conversions/conv-lib.sh", "other/31-x.sh"]:
                (root / name).write_text("")
            (root / "conversions" / "initramfs.list").write_text("/bin/sh\n")
            sets = baseline_sets(root)
            self.assertEqual([s.names() for s in sets], [["conversions/21-rb"]])
            self.assertEqual([p.name for p in sets[0].helpers], ["conv-lib.sh"])
            self.assertEqual(sets[0].host_file_list, root / "conversions" / "initramfs.list")

    def test_missing_or_empty_conversions_fail(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            with self.assertRaisesRegex(RigError, "does not exist"):
                baseline_sets(root)
            (root / "conversions").mkdir()
            (root / "conversions" / "conv-lib.sh").write_text("")
            with self.assertRaisesRegex(RigError, "no conversion scenarios"):
                baseline_sets(root)

    def test_project_conversions(self) -> None:
        names = baseline_sets(PROJECT / "tests" / "guest")[0].names()
        self.assertEqual([n.split("-")[0] for n in names], ["conversions/21", "conversions/22",
                                                             "conversions/23", "conversions/24"])


GUEST_LOG = """\
[    2.000000] kti-init: scenarios begin
[    2.000000] KTAP version 1
[    2.000000] 1..1
[    2.000000]     KTAP version 1
[    2.000000]     # Subtest: conversions/22-jffs2
[    2.000000]     1..1
[    2.100000]     ok 1 - mount
[    2.200000] ok 1 conversions/22-jffs2
[    2.500000] kti-init: scenarios end
"""

SUITE_LOG = """\
[    1.000000] KTAP version 1
[    1.000000] 1..1
[    1.000000]     KTAP version 1
[    1.000000]     # Subtest: kthread_iterant
[    1.000000]     1..1
[    1.100000]     ok 1 kti_test_order
[    1.300000] ok 1 kthread_iterant
"""


@skip_unless_in_tree("tools/testing/kunit/kunit_parser.py")
class BaselineJudgeTest(unittest.TestCase):
    def judge(self, log: str, scenarios: List[str]) -> List[rig.ktap.Outcome]:
        result = BootResult(returncode=0, timed_out=False, seconds=1.0)
        rig.ktap.load_kunit_parser(TREE)
        # kunit_printer keeps the stdout it saw at import: silence it there too.
        printer = sys.modules["kunit_printer"].stdout
        saved, printer._output = printer._output, io.StringIO()
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                outcomes, _ = rig.judge(log.splitlines(), result, TREE, "kthread_iterant", [],
                                        scenarios, suite_expected=False)
        finally:
            printer._output = saved
        return outcomes

    def test_clean_baseline_passes(self) -> None:
        outcomes = self.judge(GUEST_LOG, ["conversions/22-jffs2"])
        self.assertTrue(outcomes)
        self.assertTrue(all(o.passed for o in outcomes), [o for o in outcomes if not o.passed])
        self.assertEqual(summary_lines(outcomes, [], "c.log", "boot-test-baseline")[-1],
                         f"boot-test-baseline: {len(outcomes)} passed, 0 failed")

    def test_suite_on_the_baseline_fails(self) -> None:
        outcomes = self.judge(SUITE_LOG + GUEST_LOG, ["conversions/22-jffs2"])
        failed = [o.name for o in outcomes if not o.passed]
        self.assertEqual(failed, ["rig: no kthread_iterant KUnit suite on the baseline"])

    def test_missing_scenario_fails(self) -> None:
        outcomes = self.judge(GUEST_LOG, ["conversions/22-jffs2", "conversions/23-lockd"])
        failed = [(o.name, o.detail) for o in outcomes if not o.passed]
        self.assertEqual(failed, [("conversions/23-lockd", "scenario missing from the log")])


if __name__ == "__main__":
    unittest.main()
