# SPDX-License-Identifier: GPL-2.0
"""The one error type of the boot rig: the CLI prints it as one line and exits with status 2."""


class RigError(Exception):
    """A step of the rig could not be carried out (bad series, config, build, boot).

    The message names the thing that failed (a patch, a config option, a log file) so the
    reader knows where to look without digging through a traceback.
    """
