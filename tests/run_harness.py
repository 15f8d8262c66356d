#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The semantic harness of the converter (tests/harness/README.md).

    /usr/bin/python3 tests/run_harness.py --mutants tests/harness/mutants   # seeds + mutants
    /usr/bin/python3 tests/run_harness.py --fixtures tests/convert --source engine

Exit status: 0 all passed, 1 a fixture or mutant failed, 2 bad input.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tests  # noqa: E402,F401  (puts scripts/ on sys.path)
from tests.harness.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
