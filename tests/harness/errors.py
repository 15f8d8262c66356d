# SPDX-License-Identifier: GPL-2.0
"""The one error the harness reports as bad input (exit status 2)."""


class HarnessError(Exception):
    """A fixture, a mutant or the converter's output cannot be used: unreadable header, a
    declaration the stub generator cannot handle, a compile error, a crash of the model."""
