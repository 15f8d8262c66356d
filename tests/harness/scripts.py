# SPDX-License-Identifier: GPL-2.0
"""The scripts every fixture runs under: (trigger, event) pairs the model applies.

Triggers count what both versions must agree on anyway: observable calls (call#N: during the
N-th call), counted sleeps (sleep#N), freezes (frozen#N) and parks (parked#N), plus the two
fixed points before-run (after the owner's wake-up, before kthread() runs the thread) and
start (right before the thread function).  Every script ends with the owner's kthread_stop()
at the latest during the 40th call or in the 40th sleep (END); when the thread waits for
nothing the script can still do, the model stops it then.
"""
import enum
import re
from dataclasses import dataclass
from typing import List, Tuple

from kti import ctext

END = ("call#40=stop", "sleep#40=stop")


class Needs(enum.Enum):
    NOTHING = "any thread"
    PARKING = "an original that parks"


@dataclass(frozen=True)
class Script:
    name: str
    items: Tuple[str, ...]
    what: str
    needs: Needs = Needs.NOTHING

    def argv(self) -> List[str]:
        return list(self.items) + list(END)


SCRIPTS = (
    Script("stop-before-run", ("before-run=stop",),
           "kthread_stop() before the thread function runs: -EINTR, nothing called"),
    Script("stop-at-start", ("start=stop",), "stop before the first iteration"),
    Script("stop-in-call-1", ("call#1=stop",), "stop during the first call"),
    Script("stop-in-call-3", ("call#3=stop",), "stop after a few iterations, during a call"),
    Script("stop-in-call-7", ("call#7=stop",), "stop after more iterations, during a call"),
    Script("stop-in-sleep-1", ("sleep#1=stop",), "stop during the first sleep"),
    Script("stop-in-sleep-3", ("sleep#3=stop",), "stop during the third sleep"),
    Script("run-to-end", (), "no event until the final stop"),
    Script("wake-in-call", ("call#2=wake", "call#5=wake"),
           "wake_up_process() while the thread is in a call (during func)"),
    Script("wake-in-sleep", ("sleep#1=wake", "sleep#2=wake"), "wake-ups during sleeps"),
    Script("queue-in-sleep", ("sleep#1=queue", "sleep#2=queue", "sleep#4=queue"),
           "work queued and the thread woken while it sleeps"),
    Script("queue-in-call", ("call#1=queue", "call#3=queue", "call#4=queue"),
           "work queued while the thread is in a call"),
    Script("freeze-at-start", ("start=freeze",), "a freeze before the first iteration"),
    Script("freeze-in-call", ("call#2=freeze",), "a freeze while the thread is in a call"),
    Script("freeze-in-sleep", ("sleep#1=freeze",), "a freeze during a sleep"),
    Script("freeze-twice", ("call#1=freeze", "sleep#3=freeze"), "two freezes"),
    Script("freeze-then-stop", ("call#2=freeze", "frozen#1=stop"),
           "kthread_stop() of a frozen thread"),
    Script("signal-in-call", ("call#2=signal:9",), "SIGKILL while in a call"),
    Script("signal-in-sleep", ("sleep#1=signal:9", "sleep#2=signal:15"),
           "SIGKILL and SIGTERM during sleeps"),
    Script("park-at-start", ("start=park", "parked#1=unpark"),
           "park before the first iteration, unpark", Needs.PARKING),
    Script("park-in-call", ("call#2=park", "parked#1=unpark", "call#5=park",
                            "parked#2=unpark"),
           "park during a call, unpark, twice", Needs.PARKING),
    Script("park-in-sleep", ("sleep#1=park", "parked#1=unpark"),
           "park during a sleep, unpark", Needs.PARKING),
    Script("park-then-stop", ("call#2=park", "parked#1=stop"),
           "kthread_stop() of a parked thread", Needs.PARKING),
)

_PARKS = re.compile(r"\bkthread_(?:should_park|parkme|should_stop_or_park)\s*\(")


def applicable(original_text: str) -> List[Script]:
    """The scripts for a fixture.  Park scripts need an original that parks: in the kernel,
    kthread_park() of a thread that never parks hangs its caller, so no owner does it."""
    parks = bool(_PARKS.search(ctext.mask(original_text)))
    return [s for s in SCRIPTS if s.needs is Needs.NOTHING or parks]
