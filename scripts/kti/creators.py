# SPDX-License-Identifier: GPL-2.0
"""The kthread and svc creators: the one list every part of the project uses.

cocci/kthread_threads.cocci (its SmPL creator lists are checked against this list by
tests/test_kti_creators.py), the detector's Python, the prefilter, the resolver and the
cross-check all take the names from here.  threadfn and arity are those of Linux 6.12; the
scan reads the tree's own declarations to find the thread-function argument of another
kernel version (see declared_creators()).
"""
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

KTHREAD = "kthread"
SVC = "svc"


@dataclass(frozen=True)
class Creator:
    """A function or macro that starts a thread function: its kind, the header that
    declares it, the index of the thread-function argument and the number of arguments
    (None: variadic) in Linux 6.12."""
    name: str
    kind: str
    header: str
    threadfn: int
    arity: Optional[int]


KTHREAD_H = "include/linux/kthread.h"
SVC_H = "include/linux/sunrpc/svc.h"

CREATORS: Tuple[Creator, ...] = (
    Creator("kthread_create", KTHREAD, KTHREAD_H, 0, None),
    Creator("kthread_run", KTHREAD, KTHREAD_H, 0, None),
    Creator("kthread_create_on_node", KTHREAD, KTHREAD_H, 0, None),
    Creator("kthread_create_on_cpu", KTHREAD, KTHREAD_H, 0, 4),
    Creator("kthread_run_on_cpu", KTHREAD, KTHREAD_H, 0, 4),
    Creator("svc_create", SVC, SVC_H, 2, 3),
    Creator("svc_create_pooled", SVC, SVC_H, 4, 5),
)

BY_NAME: Dict[str, Creator] = {c.name: c for c in CREATORS}
NAMES: Tuple[str, ...] = tuple(c.name for c in CREATORS)
KTHREAD_CREATORS: Tuple[str, ...] = tuple(c.name for c in CREATORS if c.kind == KTHREAD)
SVC_CREATORS: Tuple[str, ...] = tuple(c.name for c in CREATORS if c.kind == SVC)

#: Fixed strings that find every creator name (the others contain one of them).
GREP_WORDS: Tuple[str, ...] = tuple(n for n in NAMES
                                    if not any(o != n and o in n for o in NAMES))

#: smpboot threads: `struct smp_hotplug_thread NAME = { .thread_fn = FN, .thread_comm = C }`.
SMPBOOT_STRUCT = "smp_hotplug_thread"
SMPBOOT_THREAD_FN = "thread_fn"
SMPBOOT_COMM = "thread_comm"

#: Where the creators are declared and defined: calls in there are the API's own
#: plumbing, not creation sites.
API_FILES: Tuple[str, ...] = ("kernel/kthread.c", KTHREAD_H, "net/sunrpc/svc.c", SVC_H)
