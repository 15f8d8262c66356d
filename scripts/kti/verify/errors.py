# SPDX-License-Identifier: GPL-2.0
"""The one error type of the verifier: the CLI prints it as one line and exits with status 2."""


class VerifyError(Exception):
    """Something the verification cannot work around: no tree, a series that does not apply,
    no git identity, a toolchain missing, a branch that is not ours.

    The message names the thing that failed, so the reader knows where to look.
    """
