# SPDX-License-Identifier: GPL-2.0
"""Where the converted version of a fixture comes from.

hand:   NAME.converted.c (or the converter fixtures' NAME.expected.c) beside NAME.c, written
        by hand; no such file means "refused".
engine: the converter of scripts/kti/convert, run on NAME.c alone (see EngineSource).
"""
import enum
import importlib
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
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


HAND_SUFFIXES = (".converted.c", ".expected.c")


class HandSource:
    def converted(self, fixture: Fixture) -> Conversion:
        found = [fixture.path.with_name(fixture.name + s) for s in HAND_SUFFIXES
                 if fixture.path.with_name(fixture.name + s).exists()]
        if len(found) > 1:
            raise HarnessError("%s: both %s" % (fixture.name, " and ".join(p.name for p in found)))
        if found:
            return Conversion(found[0])
        return Conversion(None, "no %s" % " or ".join(fixture.name + s for s in HAND_SUFFIXES))


class EngineSource:
    """The engine's one-file conversion, through its Python API:

        kti.convert.convert_file(path: Path) -> result with
            .outcome   kti.convert.Outcome.CONVERTED or .REFUSED
            .reason    str or None
            .text      the whole converted file, or
            .patch     a unified diff -p1 of it (with .files naming its path in the diff)

    An empty text and patch when refused.  The converted file is written to OUT/NAME.c.
    """

    def __init__(self, out: Path, engine: Optional[ModuleType] = None):
        self.out = out
        if engine is None:
            try:
                engine = importlib.import_module("kti.convert")
            except ImportError as err:
                raise HarnessError("the converter is not available (%s)" % err) from None
        if not hasattr(engine, "convert_file") or not hasattr(engine, "Outcome"):
            raise HarnessError("kti.convert has no convert_file(path) and Outcome: the "
                               "harness needs the engine's one-file conversion "
                               "(tests/harness/README.md)")
        self.engine = engine

    def converted(self, fixture: Fixture) -> Conversion:
        result = self.engine.convert_file(fixture.path)
        text = getattr(result, "text", "") or ""
        patch = getattr(result, "patch", "") or ""
        if result.outcome == self.engine.Outcome.REFUSED:
            if text or patch:
                raise HarnessError("%s: the engine refused but returned a conversion"
                                   % fixture.name)
            return Conversion(None, result.reason)
        if not text:
            if not patch:
                raise HarnessError("%s: the engine converted but returned neither text nor "
                                   "patch" % fixture.name)
            files = tuple(getattr(result, "files", ())) or (fixture.path.name,)
            text = apply_patch(fixture, patch, files[0])
        path = self.out / (fixture.name + ".c")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return Conversion(path)


def apply_patch(fixture: Fixture, patch: str, name: str) -> str:
    """The fixture's text with the patch applied, the fixture standing at `name`."""
    with tempfile.TemporaryDirectory(prefix="kti-harness-") as tmp:
        target = Path(tmp) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(fixture.path, target)
        proc = subprocess.run(["git", "apply", "-p1", "-"], input=patch, text=True,
                              cwd=tmp, capture_output=True)
        if proc.returncode:
            raise HarnessError("%s: the engine's patch does not apply: %s"
                               % (fixture.name, proc.stderr.strip()))
        return target.read_text()
