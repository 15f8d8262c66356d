# SPDX-License-Identifier: GPL-2.0
"""Helpers shared by the scan driver tests: a fake spatch and throw-away git trees.

The fake spatch lets the driver tests run in milliseconds and count how often spatch was
started.  It answers --version with $FAKE_SPATCH_VERSION (default 1.1.1), logs every run to
$FAKE_SPATCH_LOG, and for each .c file given echoes the facts written in the file itself as
`/* FAKE-FACT {json} */` and `/* FAKE-REPORT COL-COL: message */` comments (line = the comment line
unless the fact gives one).  A file containing FAKE-CRASH makes it exit 1 like an OCaml
exception; FAKE-FLAKY does so only the first time (per $FAKE_SPATCH_LOG); FAKE-OOM exits 2
saying "out of memory"; FAKE-KILLED kills it with SIGKILL (the OOM killer); FAKE-NOISE
prints a parse-error region naming schedule_timeout() on stderr; FAKE-HANG makes it sleep
(a timeout); FAKE-SLOW sleeps $FAKE_SPATCH_SLOW seconds when that is set.
"""
import json
import os
import shutil
import subprocess
import tempfile
import textwrap
from pathlib import Path
from typing import Dict

PROJECT_ROOT = Path(__file__).resolve().parents[1]

FAKE_SPATCH = textwrap.dedent('''\
    #!/usr/bin/python3
    import json, os, signal, sys, time
    args = sys.argv[1:]
    if "--version" in args:
        print("spatch version %s compiled with OCaml version 4.13.1"
              % os.environ.get("FAKE_SPATCH_VERSION", "1.1.1"))
        sys.exit(0)
    files = [a for a in args if a.endswith((".c", ".h"))]
    if "--file-groups" in args:
        groups = open(args[args.index("--file-groups") + 1]).read()
        files += [name for name in groups.split() if name]
    log = os.environ.get("FAKE_SPATCH_LOG")
    if log:
        with open(log, "a") as handle:
            handle.write(" ".join(files) + "\\n")
    for name in files:
        text = open(name).read()
        if "FAKE-CRASH" in text:
            print("Fatal error: exception Failure(\\"fake crash\\")", file=sys.stderr)
            sys.exit(1)
        if "FAKE-FLAKY" in text:
            marker = "%s.crashed.%s" % (log, name.replace("/", "_"))
            if not os.path.exists(marker):
                open(marker, "w").close()
                print("Fatal error: exception Failure(\\"once\\")", file=sys.stderr)
                sys.exit(1)
        if "FAKE-NOISE" in text:
            print("bad: \\tschedule_timeout(HZ);", file=sys.stderr)
        if "FAKE-OOM" in text:
            print("Fatal error: out of memory.", file=sys.stderr)
            sys.exit(2)
        if "FAKE-KILLED" in text:
            os.kill(os.getpid(), signal.SIGKILL)
        if "FAKE-HANG" in text:
            time.sleep(30)
        if "FAKE-SLOW" in text and os.environ.get("FAKE_SPATCH_SLOW"):
            time.sleep(float(os.environ["FAKE_SPATCH_SLOW"]))
        for number, line in enumerate(text.splitlines(), 1):
            if "FAKE-FACT " in line:
                fact = json.loads(line.split("FAKE-FACT ", 1)[1].split(" */")[0])
                fact["file"] = name
                fact.setdefault("line", number)
                print("KTI-FACT " + json.dumps(fact))
            if "FAKE-REPORT " in line:
                report = line.split("FAKE-REPORT ", 1)[1].split(" */")[0].strip()
                print("%s:%d:%s" % (name, number, report))
    ''')


def make_fake_spatch(directory: Path, version: str = "1.1.1") -> Path:
    """Write the fake spatch into directory; returns its path."""
    path = directory / "spatch"
    text = FAKE_SPATCH
    if version != "1.1.1":
        text = text.replace('"FAKE_SPATCH_VERSION", "1.1.1"', f'"FAKE_SPATCH_VERSION", "{version}"')
    path.write_text(text)
    path.chmod(0o755)
    return path


def git_tree(directory: Path, files: Dict[str, str]) -> Path:
    """A git work tree holding `files`, committed."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    run = dict(cwd=directory, check=True, capture_output=True)
    subprocess.run(["git", "init", "-q"], **run)
    subprocess.run(["git", "add", "-A"], **run)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m",
                    "fixture"], **run)
    return directory


def fact(kind: str, **fields) -> str:
    """A FAKE-FACT comment for the line it is put on (the fake spatch adds file and line)."""
    base = {"kind": kind, "col": 0, "end_col": 1}
    base.update(fields)
    return "/* FAKE-FACT " + json.dumps(base) + " */"


def threadfn(name: str, **fields) -> str:
    data = {"name": name, "static": True, "used_in_file": False,
            "loop": "while-not-should-stop", "loop_line": None,
            "stop_predicate": "kthread_should_stop", "freezer": [], "parking": [],
            "signals": [], "sleep": ["schedule_timeout"], "exit": [], "persistent_locals": [],
            "verdict": "auto", "reasons": []}
    data.update(fields)
    return fact("threadfn", **data)


def create(arg: str, in_function: str, **fields) -> str:
    data = {"creator": "kthread_run", "via": None, "arg": arg, "arg_kind": "function",
            "param_index": None, "in_function": in_function, "thread_kind": "kthread"}
    data.update(fields)
    return fact("create", **data)


class TempDir:
    """A temporary directory removed at exit (usable as a context manager)."""

    def __init__(self):
        self.path = Path(tempfile.mkdtemp(prefix="kti-test-"))

    def __enter__(self) -> Path:
        return self.path

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def environ_with(**values: str) -> Dict[str, str]:
    env = dict(os.environ)
    env.update(values)
    return env


def small_tree_files() -> Dict[str, str]:
    """Three .c files in two "subsystems" with fake facts, plus a MAINTAINERS file."""
    alpha = "\n".join([
        "// SPDX-License-Identifier: GPL-2.0",
        "#include <linux/kthread.h>",
        "",
        "static int alpha_thread(void *data) " + threadfn("alpha_thread")
        + " /* FAKE-REPORT 11-23: thread function alpha_thread */",
        "{",
        "\twhile (!kthread_should_stop())",
        "\t\tschedule();",
        "\treturn 0;",
        "}",
        "",
        "int alpha_start(void)",
        "{",
        "\tkthread_run(alpha_thread, NULL, \"alpha\"); " + create("alpha_thread", "alpha_start"),
        "\treturn 0;",
        "}",
        ""])
    beta = "\n".join([
        "// SPDX-License-Identifier: GPL-2.0",
        "#include <linux/kthread.h>",
        "",
        "int beta_thread(void *data) " + threadfn("beta_thread", static=False, verdict="care",
                                                 reasons=["keeps 'n' across iterations"]),
        "{",
        "\tint n = 0;",
        "\twhile (!kthread_should_stop())",
        "\t\tn++;",
        "\treturn n;",
        "}",
        ""])
    gamma = "\n".join([
        "// SPDX-License-Identifier: GPL-2.0",
        "#include <linux/kthread.h>",
        "",
        "extern int beta_thread(void *data);",
        "",
        "void gamma_start(void)",
        "{",
        "\tkthread_create(beta_thread, NULL, \"beta\"); "
        + create("beta_thread", "gamma_start", creator="kthread_create"),
        "}",
        ""])
    maintainers = "\n".join([
        "List of maintainers", "", "ALPHA SUBSYSTEM", "M:\tA <a@example.org>",
        "F:\tdrivers/alpha/", "", "BETA AND GAMMA", "M:\tB <b@example.org>", "F:\tfs/beta/",
        "F:\tfs/gamma/", ""])
    return {"drivers/alpha/core.c": alpha, "fs/beta/thread.c": beta,
            "fs/gamma/start.c": gamma, "MAINTAINERS": maintainers}


def snapshot(root: Path) -> Dict[str, object]:
    """Every directory, file (bytes) and symlink (target) below root, by relative path."""
    found: Dict[str, object] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            rel = str(path.relative_to(root))
            if path.is_symlink():
                found[rel] = "symlink -> " + os.readlink(path)
            elif path.is_dir():
                found[rel] = "directory"
            else:
                found[rel] = path.read_bytes()
    return found


def scan_with_real_spatch(tmp: Path, files: Dict[str, str]) -> subprocess.CompletedProcess:
    """kti-scan with the real spatch and detector on a git tree of files under tmp/linux;
    the reports go to tmp/out."""
    tree = git_tree(tmp / "linux", files)
    return subprocess.run([str(PROJECT_ROOT / "scripts" / "kti-scan"), "--tree", str(tree),
                           "--out", str(tmp / "out"), "--cache", str(tmp / "cache")],
                          capture_output=True, text=True, timeout=600)
