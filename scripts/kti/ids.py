# SPDX-License-Identifier: GPL-2.0
"""Inventory ids of thread functions: "file:name:line" (resolve.function_id() makes them).

Older reports and hand-written fixtures say "file:name"; both forms are read here, so no
caller has to split an id by hand.
"""
import re

_ID = re.compile(r"^(?P<file>[^:]+):(?P<name>[A-Za-z_]\w*)(?::(?P<line>\d+))?$")


def name_of(thread_function_id: str) -> str:
    """The function name of an id: "mm/ksm.c:ksm_scan_thread:2766" -> "ksm_scan_thread"."""
    match = _ID.match(thread_function_id)
    if match is None:
        raise ValueError(f"not a thread function id (file:name:line): {thread_function_id!r}")
    return match.group("name")
