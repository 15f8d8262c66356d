# SPDX-License-Identifier: GPL-2.0
"""Where the converted version of a fixture comes from.

hand:   NAME.converted.c beside NAME.c, written by hand; no such file means "refused".
engine: the converter of scripts/kti/convert, run on NAME.c alone (see EngineSource).
"""
import enum
import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .errors import HarnessError
from .fixture import Fixture


class SourceKind(enum.Enum):
    HAND = "hand"
    ENGINE = "engine"


@dataclass(frozen=True)
class Conversion:
    """The converter's answer for one fixture: a converted file, or a refusal."""
    path: Optional[Path]
    reason: Optional[str] = None

    @property
    def refused(self) -> bool:
        return self.path is None


class HandSource:
    def converted(self, fixture: Fixture) -> Conversion:
        path = fixture.path.with_name(fixture.name + ".converted.c")
        if path.exists():
            return Conversion(path)
        return Conversion(None, "no %s" % path.name)


class EngineSource:
    """The engine's one-file conversion, called through its Python API:

        kti.convert.convert_file(path: Path) -> result with
            .outcome   kti.convert.Outcome.CONVERTED or .REFUSED
            .reason    str or None
            .text      the whole converted file ("" when refused)

    The converted text is written to OUT/NAME.c for the compiler.
    """

    def __init__(self, out: Path):
        self.out = out
        try:
            self.engine = importlib.import_module("kti.convert")
        except ImportError as err:
            raise HarnessError("the converter is not available (%s)" % err) from None
        if not hasattr(self.engine, "convert_file"):
            raise HarnessError("kti.convert has no convert_file(path): the harness needs the "
                               "engine's one-file conversion (tests/harness/README.md)")

    def converted(self, fixture: Fixture) -> Conversion:
        result = self.engine.convert_file(fixture.path)
        if result.outcome == self.engine.Outcome.REFUSED:
            if result.text:
                raise HarnessError("%s: the engine refused but returned text" % fixture.name)
            return Conversion(None, result.reason)
        path = self.out / (fixture.name + ".c")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(result.text)
        return Conversion(path)
