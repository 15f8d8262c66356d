# SPDX-License-Identifier: GPL-2.0
"""The one error of make patches: the CLI prints it on one line and exits 2."""


class PatchesError(Exception):
    """Bad input or a step that cannot go on; raised before the output folder is touched."""
