# SPDX-License-Identifier: GPL-2.0
"""Test package; puts scripts/ on sys.path so tests can import the kti package."""
import sys
from pathlib import Path

_SCRIPTS = str(Path(__file__).resolve().parents[1] / "scripts")
if _SCRIPTS not in sys.path:
    sys.path.insert(0, _SCRIPTS)
