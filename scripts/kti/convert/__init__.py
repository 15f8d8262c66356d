# SPDX-License-Identifier: GPL-2.0
"""The converter: legacy kthread loops into iterant kthreads (see README.md here).

plan_tree() converts every thread function of an inventory, round_trip() folds a conversion
back into a classic loop and compares it with the original; the verifier (scripts/kti/verify)
and scripts/kti-convert call both.  convert_file() converts one file on its own (fixtures,
the semantic harness).
"""
from .model import Conversion, Outcome, Reason, RoundTripResult
from .onefile import FileResult, convert_file
from .roundtrip import round_trip
from .tree import plan_tree

__all__ = ["Conversion", "FileResult", "Outcome", "Reason", "RoundTripResult", "convert_file",
           "plan_tree", "round_trip"]
