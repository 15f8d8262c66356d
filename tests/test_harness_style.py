# SPDX-License-Identifier: GPL-2.0
"""The harness's C is kernel C: the model's .c files, the fixtures, their hand conversions and
the mutants pass the tree's scripts/checkpatch.pl --strict.  (kti_model.h stands in for the
kernel's own headers, typedefs and READ_ONCE() included, and is not checked.)  Without the
tree prepared by `make check` the test fails rather than skipping."""
import os
import subprocess
import unittest
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
HARNESS = PROJECT_ROOT / "tests" / "harness"
TREE = Path(os.environ.get("KSRC", PROJECT_ROOT / "build" / "linux-6.12"))


class Checkpatch(unittest.TestCase):
    def test_strict_is_clean(self) -> None:
        checkpatch = TREE / "scripts" / "checkpatch.pl"
        self.assertTrue(checkpatch.is_file(), f"{checkpatch} missing: run `make tree` first")
        files = sorted(HARNESS.glob("model/*.c")) + sorted(HARNESS.glob("fixtures/*.c")) + \
            sorted(HARNESS.glob("mutants/*.c"))
        result = subprocess.run(["perl", str(checkpatch), "--strict", "--no-color", "--no-tree",
                                 "--terse", "-f"] + [str(f) for f in files],
                                capture_output=True, text=True, check=False)
        self.assertEqual(result.stdout.splitlines(), [])
        self.assertEqual(result.returncode, 0, result.stderr)


if __name__ == "__main__":
    unittest.main()
