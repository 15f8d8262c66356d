# SPDX-License-Identifier: GPL-2.0
"""The converter's results: outcomes, refusal reasons (a fixed list) and conversions."""
import enum
from dataclasses import dataclass, field
from typing import Dict, Optional, Tuple


class Outcome(enum.Enum):
    CONVERTED = "converted"
    REFUSED = "refused"


class Reason(enum.Enum):
    """Why a unit is refused: the fixed list the reports count (value = words).

    A refusal carries one of these plus a detail naming the statement, local or call.
    """
    NO_STOP_LOOP = "no stop-checked main loop"
    NOT_A_KTHREAD = "not a kthread thread function (svc or smpboot)"
    FUNCTION_HEAD = "unusual thread function definition"
    MACRO_LOOP = "main loop comes from a macro"
    NESTED_MAIN_LOOP = "main loop is not a top-level statement of the function"
    LOOP_SHAPE = "loop shape not supported"
    STOP_NOT_FIRST = "stop check is not at the top of the infinite loop"
    CONDITION_OR = "loop condition keeps looping after kthread_stop()"
    CONDITION_CALLS = "loop condition calls a function before the stop check"
    STOP_HELPER = "stop helper is not a plain stop check"
    STOP_HANDLER = "code run on the stop check cannot move to destroy"
    STOP_AFTER_LOOP = "code after the loop tests the stop request and the loop can end on its own"
    WAS_FROZEN = "reads was_frozen of kthread_freezable_should_stop()"
    GOTO_INTO_LOOP = "goto into the loop"
    GOTO_OUT = "goto out of the loop to a label other than right after it"
    GOTO_ACROSS = "goto between the code before and after the loop"
    RETURN_SKIPS_CLEANUP = "returns from the loop past code after it"
    RETURN_COMPUTED = "returns a computed value from the loop"
    EARLY_RETURN_ZERO = "returns 0 (or a value that may be 0) before the loop"
    EXITS_THREAD = "ends the thread with an exit call"
    PREPROCESSOR = "preprocessor conditional split by the move"
    SIGNALS = "handles signals by hand"
    PARKING = "parks with custom code around kthread_parkme()"
    FREEZER_PLACE = "freezer call the core cannot take over"
    TASK_STATE = "task state set before a checkpoint of the core"
    LOCK_ACROSS = "holds a lock across the checkpoints of the core"
    STATE_MACRO = "local declared with a macro is used across iterations"
    STATE_LOCAL = "local cannot move to the per-thread context"
    STATIC_SHARED = "static local used by several callbacks"
    MACRO_LOCAL = "a macro names a local that the callbacks cannot give it"
    SHADOWED = "local name declared twice in the function"
    PARAM_WRITTEN = "writes its parameter"
    OWNER_NEVER_STOPS = "ends on its own and its owner never calls kthread_stop()"
    RESULT_READ = "kthread_stop()'s result is read and the thread can return non-zero"
    NO_CREATION_SITE = "no creation site to rewrite"
    FUNCTION_POINTER = "started through a function pointer field or variable"
    WRAPPER = "created through a wrapper"
    OLD_NAME_USED = "the thread function is used other than as a thread function"
    LAYOUT = "source layout the text mover does not handle"
    LONG_LINE = "a renamed line would be longer than 100 columns"
    SELF_CHECK = "self-check of the converted text failed"
    HELD_BACK = "left out of the conversion of its file: its own conversion fails a check"


class Refusal(Exception):
    """Raised by any step that cannot convert exactly; nothing of the unit is emitted."""

    def __init__(self, reason: Reason, detail: str = ""):
        super().__init__("%s: %s" % (reason.value, detail) if detail else reason.value)
        self.reason = reason
        self.detail = detail

    @property
    def words(self) -> str:
        return str(self)


@dataclass(frozen=True)
class Conversion:
    """One unit: a thread function, or several that must change together."""
    unit_id: str
    thread_functions: Tuple[str, ...]
    outcome: Outcome
    reason: Optional[str]
    patch: str
    files: Tuple[str, ...]
    record: Dict = field(default_factory=dict)
    facts: Dict = field(default_factory=dict)
    spatch_commands: Tuple[str, ...] = ()
    semantic_patches: Tuple[str, ...] = ()
    reason_kind: Optional[str] = None   # Reason.name of a refusal, for counting


@dataclass(frozen=True)
class RoundTripResult:
    ok: bool
    detail: str
