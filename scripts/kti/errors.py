# SPDX-License-Identifier: GPL-2.0
"""Errors the CLI turns into a one-line message and exit status 2 (bad input)."""


class InputError(Exception):
    """The user gave us something we cannot scan (no tree, no git, spatch missing/too old).

    Raised before anything is written, so the CLI can promise "nothing written" on exit 2.
    """
