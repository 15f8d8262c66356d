# SPDX-License-Identifier: GPL-2.0
"""A fixture's header: the hand-written expectation and what the harness needs to run it.

The header is the first block comment of NAME.c, one `Key: value` per line; a line indented
past the key continues its value.  Keys the harness reads:

    Expect:   converted | refused: REASON
    Rule:     the conversion rule (or refusal) the fixture covers, in words
    Thread:   the legacy thread function, when the file has more than one candidate
    Harness:  stub semantics, `;`-separated: `returns NAME=V1,V2,...` (the k-th call returns
              Vk, later calls 0), `queries NAME,...` (pure predicates: not compared, true while
              a queued work item is pending), `consumes NAME,...` (each call takes one item)

Mutants (deliberately wrong conversions, tests/harness/mutants/) add `Mutant-of: FIXTURE`,
`Mutation:`, `Caught-by: SCRIPT`, and the expected first difference as `Original: ITEM` and
`Converted: ITEM`.  Other keys are kept for the report and otherwise ignored.
"""
import enum
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, FrozenSet, Mapping, Optional, Tuple

from .errors import HarnessError

_FIELD = re.compile(r"^\s*\*\s?([A-Z][A-Za-z]*(?:-[A-Za-z]+)*):\s*(.*?)\s*$")
_CONTINUATION = re.compile(r"^\s*\*\s{2,}(\S.*?)\s*$")


class Expect(enum.Enum):
    CONVERTED = "converted"
    REFUSED = "refused"


@dataclass(frozen=True)
class Stubs:
    """How the recording stubs of a fixture behave."""
    returns: Mapping[str, Tuple[int, ...]] = field(default_factory=dict)
    queries: FrozenSet[str] = frozenset()
    consumes: FrozenSet[str] = frozenset()


@dataclass(frozen=True)
class Fixture:
    name: str
    path: Path
    text: str
    fields: Mapping[str, str]
    expect: Expect
    reason: Optional[str]
    thread: Optional[str]
    stubs: Stubs


def header_fields(text: str, path: Path) -> Dict[str, str]:
    """The `Key: value` fields of the first block comment."""
    start = text.find("/*")
    end = text.find("*/", start)
    if start < 0 or end < 0:
        raise HarnessError("%s: no header comment" % path)
    fields: Dict[str, str] = {}
    key = None
    for line in text[start + 2:end].splitlines():
        match = _FIELD.match(line)
        if match:
            key = match.group(1).lower()
            fields[key] = match.group(2)
            continue
        more = _CONTINUATION.match(line)
        if more and key:
            fields[key] = (fields[key] + " " + more.group(1)).strip()
        else:
            key = None
    return fields


def _names(text: str) -> FrozenSet[str]:
    return frozenset(name.strip() for name in text.split(",") if name.strip())


def parse_stubs(spec: str, path: Path) -> Stubs:
    returns: Dict[str, Tuple[int, ...]] = {}
    queries: FrozenSet[str] = frozenset()
    consumes: FrozenSet[str] = frozenset()
    for part in filter(None, (p.strip() for p in spec.split(";"))):
        verb, _, rest = part.partition(" ")
        if verb == "returns":
            for item in rest.split():
                name, eq, values = item.partition("=")
                try:
                    returns[name] = tuple(int(v, 0) for v in values.split(","))
                except ValueError:
                    eq = ""
                if not eq or not name:
                    raise HarnessError("%s: bad 'returns' item %r" % (path, item))
        elif verb == "queries":
            queries |= _names(rest)
        elif verb == "consumes":
            consumes |= _names(rest)
        else:
            raise HarnessError("%s: unknown Harness directive %r" % (path, verb))
    return Stubs(returns, queries, consumes)


def parse_expect(value: Optional[str], path: Path) -> Tuple[Expect, Optional[str]]:
    if not value:
        raise HarnessError("%s: the header has no 'Expect:' line" % path)
    kind, _, reason = value.partition(":")
    try:
        expect = Expect(kind.strip().lower())
    except ValueError:
        raise HarnessError("%s: Expect must be 'converted' or 'refused: REASON', not %r"
                           % (path, value)) from None
    if expect is Expect.REFUSED and not reason.strip():
        raise HarnessError("%s: a refused fixture must give its reason" % path)
    return expect, reason.strip() or None


def load(path: Path) -> Fixture:
    try:
        text = path.read_text()
    except OSError as err:
        raise HarnessError("cannot read %s: %s" % (path, err.strerror)) from None
    fields = header_fields(text, path)
    expect, reason = parse_expect(fields.get("expect"), path)
    return Fixture(name=path.stem, path=path, text=text, fields=fields, expect=expect,
                   reason=reason, thread=fields.get("thread"),
                   stubs=parse_stubs(fields.get("harness", ""), path))
