# SPDX-License-Identifier: GPL-2.0
"""kti-convert: convert the kthreads of a path or one thread function of a kernel tree.

    scripts/kti-convert --tree T drivers/md/dm-delay.c [drivers/xen/ ...]
    scripts/kti-convert --tree T --thread drivers/md/dm-delay.c:flush_worker_fn
    scripts/kti-convert --tree T --all --out DIR

Patches go to stdout (one after the other) or, with --out DIR, to DIR/NNNN-NAME.patch with
DIR/conversions.json beside them; refusals are listed on stderr with their reasons.  The
tree is only read.  Exit status: 0 (also when units are refused), 2 bad input.
"""
import argparse
import dataclasses
import json
import re
import sys
from pathlib import Path
from typing import List, Optional

from ..errors import InputError
from ..output import check_tool_out
from ..tree import validate_tree
from .model import Conversion, Outcome
from .onefile import scan_tree
from .tree import plan_tree, select


def parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="kti-convert", description=__doc__.split("\n\n")[0])
    ap.add_argument("--tree", required=True, help="kernel git work tree (read only)")
    ap.add_argument("--inventory", help="inventory.json to use (default: scan the tree)")
    ap.add_argument("--thread", action="append", default=[],
                    help="one thread function, FILE:FUNCTION or its inventory id "
                         "FILE:FUNCTION:LINE (repeatable)")
    ap.add_argument("--all", action="store_true", help="every thread function")
    ap.add_argument("--out", help="write patches and conversions.json here")
    ap.add_argument("--spatch", help="spatch executable")
    ap.add_argument("--no-parse-check", action="store_true",
                    help="skip the spatch --parse-c self-check")
    ap.add_argument("--verify", action="store_true",
                    help="run the five checks of scripts/kti/verify on the tree with the "
                         "kthread_iterant series applied; emit only verified conversions")
    ap.add_argument("paths", nargs="*", help="files or directories of the tree")
    return ap.parse_args(argv)


def patch_name(index: int, conv: Conversion) -> str:
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", conv.unit_id.replace("/", "-"))
    return "%04d-%s.patch" % (index, stem)


_PATCH_NAME = re.compile(r"^\d{4}-.+\.patch$")


def _writes(name: str) -> bool:
    return name == "conversions.json" or _PATCH_NAME.match(name) is not None


def _wrote(path: Path) -> bool:
    """A patch of ours starts with "diff --git"; our conversions.json is a list of units."""
    try:
        text = path.read_text(encoding="latin-1")
    except OSError:
        return False
    if path.name != "conversions.json":
        return text.startswith("diff --git a/")
    try:
        data = json.loads(text)
    except ValueError:
        return False
    return isinstance(data, list) and all(isinstance(u, dict) and "unit_id" in u
                                          and "outcome" in u for u in data)


def summary(conv: Conversion) -> dict:
    return {"unit_id": conv.unit_id, "thread_functions": list(conv.thread_functions),
            "outcome": conv.outcome.value, "reason": conv.reason,
            "reason_kind": conv.reason_kind, "files": list(conv.files),
            "spatch_commands": list(conv.spatch_commands),
            "semantic_patches": list(conv.semantic_patches), "facts": conv.facts,
            "record": conv.record}


def verified(tree: Path, convs: List[Conversion]) -> List[Conversion]:
    """convs with each conversion that fails a check of scripts/kti/verify refused with
    "failed check N: ..." (the verifier's own reason)."""
    try:
        from ..verify.convert import verify_conversions
    except ImportError as err:
        raise InputError("--verify needs scripts/kti/verify (%s)" % err) from err
    results = verify_conversions(tree, convs)
    out = []
    for conv in convs:
        result = results.get(conv.unit_id)
        verdict = getattr(getattr(result, "verdict", None), "value", None)
        if conv.outcome is Outcome.CONVERTED and verdict != "verified":
            failure = result.first_failure() if result is not None else None
            reason = ("failed check %d: %s" % (int(failure.gate), failure.detail)
                      if failure is not None else "not verified (%s)" % verdict)
            conv = dataclasses.replace(conv, outcome=Outcome.REFUSED, reason=reason,
                                       patch="", files=(), reason_kind="FAILED_CHECK")
        out.append(conv)
    return out


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    try:
        tree = validate_tree(args.tree)
        only = list(args.thread) + list(args.paths)
        if not only and not args.all:
            raise InputError("name files, directories or --thread FILE:FUNCTION, or --all")
        for item in only:
            path = item.split(":")[0]
            if not (tree / path).exists():
                raise InputError("%s is not in the tree %s" % (path, tree))
        if args.inventory:
            try:
                inventory = json.loads(Path(args.inventory).read_text())
            except (OSError, ValueError) as err:
                raise InputError("cannot read inventory %s: %s" % (args.inventory, err))
        else:
            inventory = scan_tree(tree)
        unknown = [t for t in args.thread if not select(inventory, [t])]
        if unknown:
            raise InputError("no thread function %s in the inventory" % ", ".join(unknown))
        if args.out:
            check_tool_out(args.out, tree, "kti-convert", _writes, _wrote)
        convs = plan_tree(tree, inventory, only=None if args.all else only,
                          spatch_path=args.spatch, parse_check=not args.no_parse_check)
        if args.verify:
            convs = verified(tree, convs)
    except InputError as err:
        print("kti-convert: %s" % err, file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    for index, conv in enumerate(c for c in convs if c.outcome is Outcome.CONVERTED):
        if out is None:
            sys.stdout.write(conv.patch)
        else:
            (out / patch_name(index + 1, conv)).write_text(conv.patch, encoding="latin-1")
    for conv in convs:
        if conv.outcome is Outcome.REFUSED:
            print("REFUSED %s: %s" % (conv.unit_id, conv.reason), file=sys.stderr)
    if out is not None:
        tmp = out / "conversions.json.tmp"
        tmp.write_text(json.dumps([summary(c) for c in convs], indent=1, sort_keys=True) + "\n")
        tmp.replace(out / "conversions.json")
    done = sum(1 for c in convs if c.outcome is Outcome.CONVERTED)
    print("kti-convert: %d converted, %d refused" % (done, len(convs) - done), file=sys.stderr)
    return 0
