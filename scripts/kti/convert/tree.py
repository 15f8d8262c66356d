# SPDX-License-Identifier: GPL-2.0
"""plan_tree(): every thread function of an inventory, converted or refused, in inventory
order; thread functions whose conversions change a common file are one unit (combine.py).
The greps every unit needs (names already in the tree, files naming a non-static
thread function) run once for the whole run."""
from pathlib import Path
from typing import Dict, Iterable, List, Optional

from ..spatch import locate
from . import names
from .combine import combine
from .model import Conversion
from .plan import Context, convert, is_candidate


def select(inventory: dict, only: Optional[Iterable[str]]) -> List[dict]:
    """Thread functions of the inventory, or those named by id (file:function:line), by
    file:function (every definition of that name in the file), by file (every thread
    function defined there) or by directory prefix."""
    tfs = inventory.get("thread_functions", [])
    if only is None:
        return tfs
    wanted = [w[2:] if w.startswith("./") else w for w in only]
    if any(w.rstrip("/") in (".", "") for w in wanted):
        return tfs
    return [tf for tf in tfs if any(names_thread_function(w, tf) for w in wanted)]


def names_thread_function(wanted: str, tf: dict) -> bool:
    """Whether a command-line name (id, file:function, file or directory) names tf."""
    return (wanted in (tf["id"], "%s:%s" % (tf["file"], tf["name"]), tf["file"])
            or tf["file"].startswith(wanted.rstrip("/") + "/"))


def plan_tree(tree: Path, inventory: dict, *, only: Optional[Iterable[str]] = None,
              spatch_path: Optional[str] = None, parse_check: bool = True,
              held_back: Optional[Dict[str, str]] = None,
              reserved: Iterable[str] = ()) -> List[Conversion]:
    """held_back: thread function ids refused as HELD_BACK, with the words why; reserved:
    global names that units converted apart from these took (names.py)."""
    tree = Path(tree)
    tfs = select(inventory, only)
    candidates = [tf for tf in tfs if is_candidate(tf)]
    ctx = Context(tree=tree, inventory=inventory, spatch=locate(spatch_path),
                  parse_check=parse_check, held_back=dict(held_back or {}))
    ctx.words = names.tree_words(tree, [tf["name"] for tf in candidates])
    ctx.words.chosen.update(reserved)
    return combine(ctx, tfs, [convert(ctx, tf) for tf in tfs])
