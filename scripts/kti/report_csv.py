# SPDX-License-Identifier: GPL-2.0
"""inventory.csv: one row per thread function, for spreadsheets and quick `sort | uniq -c`.

Files the detector failed on get a row too (kind "failed-file", verdict = the failure), so no
report leaves them out.
"""
import csv
import io

from .inventory import Inventory

COLUMNS = ("name", "file", "line", "subsystem", "kind", "verdict", "tied", "loop", "loop_line",
           "stop_predicate", "freezer", "parking", "signals", "sleep", "exit",
           "persistent_locals", "creation_sites", "reasons")


def render(inv: Inventory) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for tfn in inv.thread_functions:
        writer.writerow([tfn.name, tfn.file, tfn.line, tfn.subsystem, tfn.kind, tfn.verdict,
                         "yes" if tfn.tied else "no", tfn.loop, tfn.loop_line or "",
                         tfn.stop_predicate or "", " ".join(tfn.freezer),
                         " ".join(tfn.parking), " ".join(tfn.signals), " ".join(tfn.sleep),
                         " ".join(tfn.exit), " ".join(tfn.persistent_locals),
                         " ".join(tfn.creation_sites + tfn.wrapper_calls),
                         "; ".join(tfn.reasons)])
    for failure in inv.failures:
        row = {"file": failure.file, "subsystem": failure.subsystem, "kind": "failed-file",
               "verdict": failure.status, "tied": "n/a", "reasons": failure.message}
        writer.writerow([row.get(column, "") for column in COLUMNS])
    return buffer.getvalue()
