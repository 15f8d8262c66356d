# SPDX-License-Identifier: GPL-2.0
"""kthread-iterant scan driver: finds every kernel thread in a tree and reports it.

The package is split into small modules with one job each; scripts/kti-scan is the thin CLI
that wires them together (see scripts/kti/README.md for the data flow and the file layout).
"""
