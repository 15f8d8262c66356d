# SPDX-License-Identifier: GPL-2.0
"""Boot rig: reading the series file and checking that config fragments took effect."""
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from kti.boot.errors import RigError  # noqa: E402
from kti.boot.kconfig import find_mismatches, parse_config_text, verify  # noqa: E402
from kti.boot.series import parse_series_text, read_series  # noqa: E402


class SeriesTest(unittest.TestCase):
    def test_comments_and_blank_lines_are_skipped(self) -> None:
        text = "# core\n0001-a.patch\n\n  0002-b.patch  # trailing\n#0003-c.patch\n"
        self.assertEqual(parse_series_text(text), ["0001-a.patch", "0002-b.patch"])

    def test_quilt_patch_options_are_refused(self) -> None:
        with self.assertRaisesRegex(RigError, "-p1"):
            parse_series_text("0001-a.patch -p1\n")

    def test_missing_series_file_means_no_patches(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            self.assertEqual(read_series(Path(tmp)), [])

    def test_listed_patch_must_exist(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "series").write_text("0001-a.patch\n0002-gone.patch\n")
            (Path(tmp) / "0001-a.patch").write_text("x")
            with self.assertRaisesRegex(RigError, "0002-gone.patch does not exist"):
                read_series(Path(tmp))

    def test_patch_listed_twice_is_an_error(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "series").write_text("0001-a.patch\n0001-a.patch\n")
            (Path(tmp) / "0001-a.patch").write_text("x")
            with self.assertRaisesRegex(RigError, "listed twice"):
                read_series(Path(tmp))

    def test_order_is_kept(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            for name in ("0050-z.patch", "0001-a.patch"):
                (Path(tmp) / name).write_text("x")
            (Path(tmp) / "series").write_text("0050-z.patch\n0001-a.patch\n")
            self.assertEqual([p.name for p in read_series(Path(tmp))],
                             ["0050-z.patch", "0001-a.patch"])


class ConfigTest(unittest.TestCase):
    def test_parse_values_and_not_set(self) -> None:
        values = parse_config_text("CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=\"x y\"\n"
                                   "# a comment\n\nCONFIG_D=m\n")
        self.assertEqual(values, {"CONFIG_A": "y", "CONFIG_B": "n", "CONFIG_C": "\"x y\"",
                                  "CONFIG_D": "m"})

    def test_garbage_line_is_named(self) -> None:
        with self.assertRaisesRegex(RigError, r"frag:2: not a config line"):
            parse_config_text("CONFIG_A=y\nPROVE_LOCKING=y\n", "frag")

    def test_dropped_option_is_reported(self) -> None:
        mismatches = find_mismatches({"CONFIG_A": "y", "CONFIG_B": "m"},
                                     {"CONFIG_A": "y"}, "frag")
        self.assertEqual([(m.option, m.wanted, m.got) for m in mismatches],
                         [("CONFIG_B", "m", "unset")])

    def test_builtin_instead_of_module_is_a_mismatch(self) -> None:
        mismatches = find_mismatches({"CONFIG_T": "m"}, {"CONFIG_T": "y"}, "frag")
        self.assertEqual(mismatches[0].describe(), "CONFIG_T=m (from frag) ended up y")

    def test_requested_off_and_hidden_is_satisfied(self) -> None:
        self.assertEqual(find_mismatches({"CONFIG_X": "n"}, {}, "frag"), [])

    def test_verify_names_every_failed_option(self) -> None:
        requested = [(Path("rig.config"), {"CONFIG_A": "y", "CONFIG_B": "y"})]
        with self.assertRaises(RigError) as caught:
            verify(requested, {"CONFIG_A": "n"})
        self.assertIn("CONFIG_A=y", str(caught.exception))
        self.assertIn("CONFIG_B=y", str(caught.exception))

    def test_later_fragment_wins(self) -> None:
        requested = [(Path("rig.config"), {"CONFIG_A": "y"}),
                     (Path("kthread-iterant.config"), {"CONFIG_A": "m"})]
        verify(requested, {"CONFIG_A": "m"})
        with self.assertRaisesRegex(RigError, "kthread-iterant.config"):
            verify(requested, {"CONFIG_A": "y"})


if __name__ == "__main__":
    unittest.main()
