# SPDX-License-Identifier: GPL-2.0
"""Inventory ids of thread functions: "file:name:line", made and read only here.

Older reports and hand-written fixtures say "file:name"; name_of() reads both forms, so no
caller has to split an id by hand.
"""
import re
from typing import Tuple

#: A definition of a thread function: (file, name, line).  A name may be defined twice in
#: one file (#ifdef/#else); each definition is a thread function of its own.
FnKey = Tuple[str, str, int]

_ID = re.compile(r"^(?P<file>[^:]+):(?P<name>[A-Za-z_]\w*)(?::(?P<line>\d+))?$")


def function_id(key: FnKey) -> str:
    """The inventory id of a thread function: "file:name:line"."""
    return "%s:%s:%d" % key


def _match(thread_function_id: str) -> "re.Match[str]":
    match = _ID.match(thread_function_id)
    if match is None:
        raise ValueError(f"not a thread function id (file:name:line): {thread_function_id!r}")
    return match


def key_of(thread_function_id: str) -> FnKey:
    """(file, name, line) of a "file:name:line" id."""
    match = _match(thread_function_id)
    if match.group("line") is None:
        raise ValueError(f"thread function id without a line: {thread_function_id!r}")
    return match.group("file"), match.group("name"), int(match.group("line"))


def file_and_name(thread_function_id: str) -> Tuple[str, str]:
    """(file, name) of a "file:name" or "file:name:line" id."""
    match = _match(thread_function_id)
    return match.group("file"), match.group("name")


def name_of(thread_function_id: str) -> str:
    """The function name of an id: "mm/ksm.c:ksm_scan_thread:2766" -> "ksm_scan_thread"."""
    return _match(thread_function_id).group("name")
