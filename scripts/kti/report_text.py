# SPDX-License-Identifier: GPL-2.0
"""kthreads.cocci.txt and kthreads.all.txt: findings as `file:line:col-col: message` lines.

kthreads.cocci.txt is what plain coccicheck prints for the tree, file by file, so it can be
compared with `make coccicheck` output; kthreads.all.txt is the complete list, resolved
across files, in the same form.  Lines starting with '#' are comments; failed files close
both lists.
"""
from typing import Dict, List

from .inventory import Inventory
from .model import ThreadFunction

COCCICHECK_HEADER = """\
# kthreads.cocci.txt: what plain coccicheck prints for this tree, file by file
# (make coccicheck MODE=report COCCI=cocci/kthread_threads.cocci).  Each file is seen
# alone: a creation site whose thread function is defined in another file says "not
# defined ... in this file", and a loop on a stop helper defined in another file reads as
# "one-shot".  kthreads.all.txt is the complete list, resolved across files.
"""

COMPLETE_HEADER = """\
# kthreads.all.txt: every thread function, creation site and wrapper call of this tree,
# resolved across files (creation sites to thread functions defined elsewhere, wrapper
# calls, stop helpers of other files), in coccicheck's file:line:col-col: message form.
# kthreads.cocci.txt holds what plain coccicheck sees file by file.
"""


def _where(file: str, line: int, col: int, end_col: int) -> str:
    return f"{file}:{line}:{col}-{end_col}"


def _function_line(tfn: ThreadFunction) -> str:
    text = (f"{_where(tfn.file, tfn.line, tfn.col, tfn.end_col)}: {tfn.kind} thread "
            f"function {tfn.name}: {tfn.loop}, {tfn.verdict}: {'; '.join(tfn.reasons)}")
    if tfn.helpers_elsewhere:
        text += f" (stop helpers in other files: {', '.join(tfn.helpers_elsewhere)})"
    return text


def _targets(ids: List[str], functions: Dict[str, ThreadFunction]) -> str:
    named = []
    for tid in ids:
        tfn = functions.get(tid)
        named.append(f"{tfn.name} ({tfn.file}:{tfn.line})" if tfn else tid)
    return ", ".join(named)


def coccicheck_lines(inv: Inventory) -> List[str]:
    """The detector's per-file lines plus one line per failed file."""
    return list(inv.report_lines) + inv.failure_lines()


def complete_lines(inv: Inventory) -> List[str]:
    """Every finding of the inventory, resolved across files, sorted by position."""
    functions = {t.id: t for t in inv.thread_functions}
    rows = [((t.file, t.line, t.col), _function_line(t)) for t in inv.thread_functions]
    for site in inv.creation_sites:
        where = _where(site.file, site.line, site.col, site.end_col)
        if site.thread_functions:
            via = f" in wrapper {site.wrapper}()" if site.wrapper else ""
            text = (f"{where}: {site.creator}(){via} starts "
                    f"{_targets(site.thread_functions, functions)}")
        else:
            text = f"{where}: {site.creator}() starts {site.arg or '?'}: unresolved: " \
                   f"{site.reason}"
        rows.append(((site.file, site.line, site.col), text))
    for call in inv.wrapper_calls:
        where = _where(call.file, call.line, call.col, call.end_col)
        if call.thread_functions:
            text = (f"{where}: {call.wrapper}() starts "
                    f"{_targets(call.thread_functions, functions)}")
        elif call.arg_kind == "param":
            text = f"{where}: {call.wrapper}() is passed {call.arg}, a parameter of " \
                   f"{call.in_function}"
        else:
            text = f"{where}: {call.wrapper}() starts {call.arg or '?'}: unresolved: " \
                   f"{call.reason}"
        rows.append(((call.file, call.line, call.col), text))
    rows.sort(key=lambda row: row[0])
    return [text for _key, text in rows] + inv.failure_lines()


def render_coccicheck(inv: Inventory) -> str:
    return COCCICHECK_HEADER + "".join(line + "\n" for line in coccicheck_lines(inv))


def render_complete(inv: Inventory) -> str:
    return COMPLETE_HEADER + "".join(line + "\n" for line in complete_lines(inv))
