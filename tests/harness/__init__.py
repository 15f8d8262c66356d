# SPDX-License-Identifier: GPL-2.0
"""The semantic harness: original and converted thread functions, run on a userspace model of
the kthread and iterant APIs under the same scripts, must make the same observable calls.

tests/harness/README.md describes the model, the scripts and the differences allowed by
design; tests/run_harness.py is the command line.
"""
