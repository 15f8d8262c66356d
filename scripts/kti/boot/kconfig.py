# SPDX-License-Identifier: GPL-2.0
"""Configure the out-of-tree build: tinyconfig plus config fragments, then check every option.

Kconfig silently drops an option whose dependencies are not met, so after merging we compare
each option a fragment asks for with the final .config and fail naming the ones that did not
take effect: a test run on a kernel without, say, PROVE_LOCKING would pass for the wrong reason.
"""
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Sequence, Set, Tuple

from .errors import RigError

# (fragment file, {option: requested value}) in merge order.
Requested = Sequence[Tuple[Path, Dict[str, str]]]

_SET = re.compile(r"^(CONFIG_[A-Za-z0-9_]+)=(.*)$")
_UNSET = re.compile(r"^# (CONFIG_[A-Za-z0-9_]+) is not set$")
_DEFINITION = re.compile(r"^[ \t]*(?:menu)?config[ \t]+([A-Za-z0-9_]+)[ \t]*(?:#.*)?$", re.M)


@dataclass(frozen=True)
class Mismatch:
    """An option whose final value differs from what a fragment requested."""

    fragment: str
    option: str
    wanted: str
    got: str

    def describe(self) -> str:
        return f"{self.option}={self.wanted} (from {self.fragment}) ended up {self.got}"


def parse_config_text(text: str, origin: str = "config") -> Dict[str, str]:
    """Map CONFIG_ names to values; `# CONFIG_X is not set` maps to "n".

    Other comments and blank lines are skipped; anything else is an error naming the line.
    """
    values: Dict[str, str] = {}
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        match = _SET.match(line)
        if match:
            values[match.group(1)] = match.group(2)
            continue
        match = _UNSET.match(line)
        if match:
            values[match.group(1)] = "n"
            continue
        if line and not line.startswith("#"):
            raise RigError(f"{origin}:{lineno}: not a config line: {raw!r}")
    return values


def find_mismatches(requested: Dict[str, str], final: Dict[str, str],
                    fragment: str) -> List[Mismatch]:
    """Options of one fragment whose value in the final config is not the requested one.

    An option absent from the final config counts as "n" (that is how Kconfig writes a symbol
    whose dependencies hide it), so requesting "n" for a hidden symbol is satisfied.
    """
    mismatches = []
    for option, wanted in requested.items():
        got = final.get(option, "n")
        if got != wanted:
            mismatches.append(Mismatch(fragment, option, wanted,
                                       got if option in final else "unset"))
    return mismatches


def defined_symbols(src: Path) -> Set[str]:
    """CONFIG_ names that some Kconfig file of the tree src defines (`config`/`menuconfig`).

    The baseline run builds with the series' fragment, whose series-only options (its KUnit
    suite, its test module) do not exist there; this is how they are told apart.
    """
    symbols: Set[str] = set()
    for path in src.rglob("Kconfig*"):
        if path.is_file():
            text = path.read_text(errors="replace")
            symbols.update("CONFIG_" + name for name in _DEFINITION.findall(text))
    return symbols


def split_undefined(requested: Requested,
                    defined: Set[str]) -> Tuple[Requested, List[str]]:
    """Drop the options no Kconfig file defines: (what is left to verify, dropped names).

    Kconfig ignores an undefined symbol, so such an option can never take effect; the
    caller decides whether that is fine (baseline tree) or not (tree with the series).
    """
    kept: List[Tuple[Path, Dict[str, str]]] = []
    dropped: List[str] = []
    for fragment, options in requested:
        kept.append((fragment, {option: value for option, value in options.items()
                                if option in defined}))
        dropped.extend(option for option in options
                       if option not in defined and option not in dropped)
    return kept, dropped


def _make(src: Path, obj: Path, targets: Sequence[str], log: Path) -> None:
    with log.open("a") as out:
        proc = subprocess.run(["make", "-C", str(src), f"O={obj}", *targets],
                              stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise RigError(f"make {' '.join(targets)} failed (see {log})")


def configure(src: Path, obj: Path, fragments: Sequence[Path], log: Path,
              allow_undefined: bool = False) -> List[str]:
    """Write obj/.config = tinyconfig + fragments (in order, later wins) and verify it.

    With allow_undefined, options whose symbol the tree does not define are not required
    (the baseline run: the series adds them); their names are returned.
    """
    requested: Requested = []
    for fragment in fragments:
        if not fragment.is_file():
            raise RigError(f"config fragment {fragment} does not exist")
        requested.append((fragment, parse_config_text(fragment.read_text(), str(fragment))))
    obj.mkdir(parents=True, exist_ok=True)
    _make(src, obj, ["tinyconfig"], log)
    merge = src / "scripts" / "kconfig" / "merge_config.sh"
    with log.open("a") as out:
        proc = subprocess.run(["sh", str(merge), "-m", "-O", str(obj), str(obj / ".config"),
                               *[str(f) for f in fragments]],
                              cwd=src, stdout=out, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise RigError(f"merge_config.sh failed (see {log})")
    _make(src, obj, ["olddefconfig"], log)
    final = parse_config_text((obj / ".config").read_text(), str(obj / ".config"))
    dropped: List[str] = []
    if allow_undefined:
        requested, dropped = split_undefined(requested, defined_symbols(src))
    verify(requested, final)
    return dropped


def verify(requested: Requested, final: Dict[str, str]) -> None:
    """Raise RigError listing every fragment option the final config does not honour.

    requested is a sequence of (fragment path, {option: value}); for an option set by several
    fragments only the last one counts, as in merge_config.sh.
    """
    last_word: Dict[str, Tuple[str, str]] = {}
    for fragment, options in requested:
        for option, value in options.items():
            last_word[option] = (str(fragment), value)
    by_fragment: Dict[str, Dict[str, str]] = {}
    for option, (fragment, value) in last_word.items():
        by_fragment.setdefault(fragment, {})[option] = value
    mismatches: List[Mismatch] = []
    for fragment, options in by_fragment.items():
        mismatches.extend(find_mismatches(options, final, fragment))
    if mismatches:
        raise RigError("config options did not take effect (unmet dependencies?): "
                       + "; ".join(m.describe() for m in mismatches))
