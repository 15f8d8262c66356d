# SPDX-License-Identifier: GPL-2.0
"""Locate spatch, check its version, run it on files and parse what it prints.

The detector (cocci/kthread_threads.cocci) prints two kinds of stdout lines in one run:
coccicheck report lines `FILE:LINE:COL-COL: message` and `KTI-FACT {json}` lines (see
"Facts mode" in the detector's header).  This module turns them into one FileResult per
input file.

Several files may share one spatch process (startup and SmPL parsing cost about half a second
per process).  They go in through --file-groups, one group per file: files named on the command
line form one group, which spatch matches as a unit, and a thread function in the second file
can then go missing (lib/test_firmware.c after kernel/trace/trace_osnoise.c).  A crash or a
timeout would hide which file was bad, so a batch that fails in any way is re-run one file per
process, and only the file that fails on its own is listed as failed.

A crash is retried once and counts only if it repeats.  Only deterministic results may be
cached: a spatch killed by a signal (the OOM killer, a segfault) or out of memory is
reported for this scan but tried again by the next one.  Every spatch runs in its own
process group, registered in a Children set, so Ctrl-C can kill them all at once.
"""
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Set, Tuple

from .errors import InputError

MIN_VERSION = (1, 1, 1)
FACT_PREFIX = "KTI-FACT "
_REPORT_RE = re.compile(r"^(?P<file>[^:\s][^:]*):(?P<line>\d+):(?P<col>\d+)-(?P<end>\d+): "
                        r"(?P<msg>.*)$")
_VERSION_RE = re.compile(r"spatch version (\d+)\.(\d+)\.(\d+)")
#: What --parse-error-msg --verbose-parsing print where spatch gives up parsing a region.
_PARSE_ERROR_RE = re.compile(r'^ = File "(?P<file>[^"]+)", line (?P<line>\d+), column \d+')

#: FileResult.status values.
OK = "ok"
CRASHED = "crashed"
TIMEOUT = "timeout"
UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Spatch:
    """A spatch executable known to be recent enough."""
    path: str
    version: Tuple[int, int, int]

    @property
    def version_text(self) -> str:
        return ".".join(str(part) for part in self.version)


@dataclass
class FileResult:
    """What spatch said about one file; paths live outside so results can be cached by content.

    facts:  KTI-FACT objects without their "file" key.
    report: coccicheck lines as {"line", "col", "end_col", "message"}.
    """
    path: str
    status: str = OK
    facts: List[dict] = field(default_factory=list)
    report: List[dict] = field(default_factory=list)
    message: str = ""
    seconds: float = 0.0
    #: False for a failure that may not repeat (a signal, memory): never cached.
    cacheable: bool = True
    #: Lines where spatch gave up parsing (the code around them is skipped, unseen).
    parse_errors: List[int] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.status != OK


def locate(explicit: Optional[str] = None) -> Spatch:
    """Find spatch (explicit path, $SPATCH, then PATH) and insist on version >= 1.1.1."""
    wanted = explicit or os.environ.get("SPATCH") or "spatch"
    path = shutil.which(wanted)
    if path is None:
        raise InputError(f"spatch not found ({wanted!r}); install the Debian package coccinelle")
    try:
        res = subprocess.run([path, "--version"], capture_output=True, text=True,
                             errors="replace", timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InputError(f"cannot run spatch {path!r}: {exc}") from exc
    match = _VERSION_RE.search(res.stdout + res.stderr)
    if match is None:
        raise InputError(f"{path!r} does not report a spatch version")
    version = (int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if version < MIN_VERSION:
        need = ".".join(map(str, MIN_VERSION))
        raise InputError(f"spatch {path!r} is version {'.'.join(map(str, version))}, "
                         f"need >= {need}")
    return Spatch(path, version)


def cocci_options(cocci: Path) -> List[str]:
    """The `// Options:` flags of a semantic patch, passed the way coccicheck passes them."""
    for line in cocci.read_text(errors="replace").splitlines():
        if line.startswith("// Options:"):
            return shlex.split(line.split(":", 1)[1])
    return []


def command(spatch: Spatch, cocci: Path, timeout: int, inputs: Sequence[str]) -> List[str]:
    """The spatch command line; report lines and facts come from the same run."""
    return [spatch.path, "--sp-file", str(cocci), "-D", "report", "-D", "facts",
            "--quiet", "--parse-error-msg", "--verbose-parsing", "--no-show-diff",
            "--timeout", str(timeout), *cocci_options(cocci), *inputs]


def write_file_groups(directory: Path, files: Sequence[str]) -> Path:
    """A --file-groups list with every file in a group of its own (blank-line separated)."""
    groups = directory / "file-groups"
    groups.write_text("".join(f"{name}\n\n" for name in files))
    return groups


def parse_output(stdout: str, files: Sequence[str],
                 stderr: str = "") -> Optional[Dict[str, FileResult]]:
    """Split spatch stdout into per-file results; None if a line names a file not asked for.

    A lone file gets every line (a fact about an included header is still its fact).  Parse
    errors come from stderr.
    """
    results = {name: FileResult(name) for name in files}
    for line in stderr.splitlines():
        match = _PARSE_ERROR_RE.match(line)
        if match:
            name = match.group("file")
            target = name if name in results else (files[0] if len(files) == 1 else None)
            if target is not None:
                results[target].parse_errors.append(int(match.group("line")))
    for line in stdout.splitlines():
        if line.startswith(FACT_PREFIX):
            try:
                fact = json.loads(line[len(FACT_PREFIX):])
            except json.JSONDecodeError:
                fact = None
            if not isinstance(fact, dict):
                target = files[0] if len(files) == 1 else None
                if target is None:
                    return None
                results[target].message += f"bad fact line: {line[:200]}\n"
                continue
            name = str(fact.pop("file", ""))
            target = name if name in results else (files[0] if len(files) == 1 else None)
            if target is None:
                return None
            results[target].facts.append(fact)
            continue
        match = _REPORT_RE.match(line)
        if match:
            name = match.group("file")
            target = name if name in results else (files[0] if len(files) == 1 else None)
            if target is None:
                return None
            results[target].report.append({"line": int(match.group("line")),
                                           "col": int(match.group("col")),
                                           "end_col": int(match.group("end")),
                                           "message": match.group("msg")})
    return results


def _last_error_line(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in reversed(lines):
        if "error" in line.lower() or "exception" in line.lower():
            return line[:300]
    return lines[-1][:300] if lines else "no message"


class Cancelled(Exception):
    """The scan is being stopped: a spatch run was refused or killed by Children.kill_all()."""


class Children:
    """The spatch process groups of one scan, so an interrupt can stop them all at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._live: Set[subprocess.Popen] = set()
        self.cancelled = False

    def start(self, cmd: List[str], cwd: Path) -> subprocess.Popen:
        # Under the lock: kill_all() cannot miss a process being started.
        with self._lock:
            if self.cancelled:
                raise Cancelled()
            proc = subprocess.Popen(cmd, cwd=str(cwd), stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True, errors="replace",
                                    start_new_session=True)
            self._live.add(proc)
            return proc

    def forget(self, proc: subprocess.Popen) -> None:
        with self._lock:
            self._live.discard(proc)

    def kill_all(self) -> None:
        """Kill every running spatch (with its children) and refuse to start more."""
        with self._lock:
            self.cancelled = True
            for proc in self._live:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass


def _run_process(cmd: List[str], cwd: Path, timeout: float,
                 children: Children) -> Tuple[Optional[int], str, str]:
    """Run cmd in its own process group; on timeout kill the group, return rc None."""
    proc = children.start(cmd, cwd)
    try:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            if children.cancelled:
                raise Cancelled() from None
            return None, out, err
    finally:
        children.forget(proc)
    if children.cancelled:
        raise Cancelled()
    return proc.returncode, out, err


#: stderr of a spatch that ran out of a resource: the next run may well succeed.
_RESOURCE_ERRORS = ("out of memory", "stack_overflow", "stack overflow",
                    "cannot allocate memory")


def _crash(path: str, rc: int, stderr: str) -> FileResult:
    if rc < 0:
        try:
            name = signal.Signals(-rc).name
        except ValueError:
            name = str(-rc)
        return FileResult(path, CRASHED, message=f"spatch killed by signal {name}",
                          cacheable=False)
    message = f"spatch exit {rc}: {_last_error_line(stderr)}"
    transient = any(word in stderr.lower() for word in _RESOURCE_ERRORS)
    return FileResult(path, CRASHED, message=message, cacheable=not transient)


def _spatch_timed_out(stderr: str) -> bool:
    # spatch's own per-file --timeout: "timeout (we abort): FILE", or its exception.
    return any(line.startswith("timeout (") or "Common.Timeout" in line
               for line in stderr.splitlines())


def _run_one_once(spatch: Spatch, cocci: Path, tree: Path, path: str, timeout: int,
                  children: Children) -> FileResult:
    rc, out, err = _run_process(command(spatch, cocci, timeout, [path]), tree, timeout + 5,
                                children)
    if rc is None:
        return FileResult(path, TIMEOUT, message=f"spatch did not finish within {timeout} s")
    if rc != 0:
        return _crash(path, rc, err)
    if _spatch_timed_out(err):
        return FileResult(path, TIMEOUT, message=f"spatch timeout: {_last_error_line(err)}")
    parsed = parse_output(out, [path], err)
    assert parsed is not None  # a single file takes every line
    return parsed[path]


def run_one(spatch: Spatch, cocci: Path, tree: Path, path: str, timeout: int,
            children: Optional[Children] = None) -> FileResult:
    """Run spatch on a single file; every failure mode becomes a listed FileResult.

    A crash is tried once more: only a crash that repeats is the file's result.
    """
    if not os.access(tree / path, os.R_OK):
        return FileResult(path, UNREADABLE, message="file is not readable")
    children = children or Children()
    result = _run_one_once(spatch, cocci, tree, path, timeout, children)
    if result.status == CRASHED:
        result = _run_one_once(spatch, cocci, tree, path, timeout, children)
    return result


def run_batch(spatch: Spatch, cocci: Path, tree: Path, paths: Sequence[str],
              timeout: int, children: Optional[Children] = None) -> Dict[str, FileResult]:
    """Run spatch once on several files; on any trouble fall back to one process per file."""
    children = children or Children()
    readable = [p for p in paths if os.access(tree / p, os.R_OK)]
    results = {p: FileResult(p, UNREADABLE, message="file is not readable")
               for p in paths if p not in readable}
    if len(readable) > 1:
        with tempfile.TemporaryDirectory(prefix="kti-spatch-") as tmp:
            groups = write_file_groups(Path(tmp), readable)
            rc, out, err = _run_process(
                command(spatch, cocci, timeout, ["--file-groups", str(groups)]), tree, timeout,
                children)
        parsed = (parse_output(out, readable, err) if rc == 0 and not _spatch_timed_out(err)
                  else None)
        if parsed is not None:
            results.update(parsed)
            return results
    for path in readable:
        results[path] = run_one(spatch, cocci, tree, path, timeout, children)
    return results
