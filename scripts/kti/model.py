# SPDX-License-Identifier: GPL-2.0
"""The inventory's records: thread functions, creation sites, wrapper calls, failures.

Plain dataclasses, so report writers read fields, not dictionaries of unknown shape, and
inventory.json is simply their asdict() (see scripts/kti/README.md for the schema).
"""
from dataclasses import dataclass, field
from typing import List, Optional

#: ThreadFunction.kind
KTHREAD = "kthread"
SVC = "svc"
SMPBOOT = "smpboot"

#: CreationSite.status
RESOLVED = "resolved"
UNRESOLVED = "unresolved"


@dataclass
class ThreadFunction:
    """A function some kthread runs, with the detector's classification."""
    id: str
    name: str
    file: str
    line: int
    col: int
    end_col: int
    end_line: int
    kind: str
    static: bool
    verdict: str
    reasons: List[str]
    loop: str
    loop_line: Optional[int]
    stop_predicate: Optional[str]
    freezer: List[str]
    parking: List[str]
    signals: List[str]
    sleep: List[str]
    exit: List[str]
    persistent_locals: List[str]
    subsystem: str
    creation_sites: List[str] = field(default_factory=list)
    wrapper_calls: List[str] = field(default_factory=list)
    #: False for a candidate (calls a stop predicate) that no creation site reaches.
    tied: bool = True
    #: Stop helpers of other files its loop depends on, "file:name" (stophelpers.py).
    helpers_elsewhere: List[str] = field(default_factory=list)


@dataclass
class CreationSite:
    """A direct call of a kthread or svc creator, resolved to thread functions or not."""
    id: str
    file: str
    line: int
    col: int
    end_col: int
    creator: str
    arg: str
    arg_kind: str
    in_function: str
    thread_kind: str
    subsystem: str
    status: str = UNRESOLVED
    thread_functions: List[str] = field(default_factory=list)
    #: Set when the call passes a parameter: the enclosing function is a wrapper.
    wrapper: Optional[str] = None
    reason: Optional[str] = None
    #: "spatch", or "text" for a call in code spatch could not parse (found by the grep).
    found_by: str = "spatch"


@dataclass
class WrapperCall:
    """A call of a wrapper (a function that passes its parameter on to a creator)."""
    id: str
    file: str
    line: int
    col: int
    end_col: int
    wrapper: str
    wrapper_file: str
    arg: str
    arg_kind: str
    in_function: str
    found_by: str  # "spatch" (same file, KTI-FACT) or "text" (other file, ctext)
    #: Every definition the argument names (two under #ifdef/#else).
    thread_functions: List[str] = field(default_factory=list)
    reason: Optional[str] = None


@dataclass
class Failure:
    """A file the detector could not handle; listed in every report."""
    file: str
    status: str
    message: str
    subsystem: str


@dataclass
class GrepDifference:
    """A creation site seen by only one of the detector and the independent grep."""
    file: str
    line: int
    text: str
    seen_by: str  # "grep" or "spatch"
    explanation: str
