# SPDX-License-Identifier: GPL-2.0
"""Hygiene of kernel-patches/: what a maintainer checks before reading a series at all.

The series file must name exactly the patches that exist, and every patch must pass the tree's
own scripts/checkpatch.pl --strict.  The tree is the one `make check` prepared (KSRC, by default
build/linux-6.12); without it the test fails rather than skipping, because `make check` always
prepares it first.
"""
import os
import re
import subprocess
import unittest
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PATCH_DIR = PROJECT_ROOT / "kernel-patches"
TREE = Path(os.environ.get("KSRC", PROJECT_ROOT / "build" / "linux-6.12"))


def series_entries() -> list:
    """Patch names listed in kernel-patches/series, comments and blank lines dropped."""
    lines = (PATCH_DIR / "series").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


class SeriesFileTest(unittest.TestCase):
    def test_series_names_every_patch_once(self) -> None:
        entries = series_entries()
        on_disk = sorted(p.name for p in PATCH_DIR.glob("*.patch"))
        self.assertEqual(len(entries), len(set(entries)), "a patch is listed twice")
        self.assertEqual(sorted(entries), on_disk)

    def test_series_order_follows_patch_numbers(self) -> None:
        numbers = [int(re.match(r"(\d+)-", name).group(1)) for name in series_entries()]
        self.assertEqual(numbers, sorted(numbers))

    def test_every_patch_is_signed_off(self) -> None:
        for name in series_entries():
            text = (PATCH_DIR / name).read_text()
            with self.subTest(patch=name):
                self.assertRegex(text, r"(?m)^Signed-off-by: .+ <.+@.+>$")
                self.assertRegex(text, r"(?m)^Subject: \[PATCH")


class CheckpatchTest(unittest.TestCase):
    def test_checkpatch_strict_is_clean(self) -> None:
        checkpatch = TREE / "scripts" / "checkpatch.pl"
        self.assertTrue(checkpatch.is_file(), f"{checkpatch} missing: run `make tree` first")
        for name in series_entries():
            with self.subTest(patch=name):
                result = subprocess.run(
                    ["perl", str(checkpatch), "--strict", "--no-color", f"--root={TREE}",
                     str(PATCH_DIR / name)],
                    capture_output=True, text=True, check=False)
                self.assertEqual(result.returncode, 0, result.stdout[-2000:])
                self.assertIn("total: 0 errors, 0 warnings, 0 checks", result.stdout)


if __name__ == "__main__":
    unittest.main()
