# SPDX-License-Identifier: GPL-2.0
"""make convert's orchestration on a throw-away repository, with a stand-in engine and
stand-in check results: only verified units become commits (in order, with their
messages), refusals and failures are reported with their reasons, the reports sit beside
what was there, and an unchanged re-run gives the same branch and the same bytes."""
import dataclasses
import enum
import json
import os
import tempfile
import types
import unittest
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

from tests.test_verify_branch import CLEAN_ENV, IDENTITY, git
from tests.verify_support import PROJECT  # noqa: F401 (puts scripts/ on sys.path)

from kti.verify import cli, convert
from kti.verify.errors import VerifyError
from kti.verify.model import Gate, GateResult, Status, UnitResult


class FakeOutcome(enum.Enum):
    CONVERTED = "converted"
    REFUSED = "refused"


@dataclass(frozen=True)
class FakeConversion:
    unit_id: str
    thread_functions: tuple
    outcome: FakeOutcome
    reason: object
    patch: str
    files: tuple
    record: dict = field(default_factory=dict)
    facts: dict = field(default_factory=dict)
    spatch_commands: tuple = ()
    semantic_patches: tuple = ()
    reason_kind: object = None


def edit(path: str, old: str, new: str) -> str:
    return f"--- a/{path}\n+++ b/{path}\n@@ -1 +1 @@\n-{old}\n+{new}\n"


CONVERSIONS = [
    FakeConversion("b.c:b", ("b.c:b",), FakeOutcome.CONVERTED, None, edit("b.c", "int b;", "long b;"),
                   ("b.c",), facts={"flags": []}),
    FakeConversion("a.c:a", ("a.c:a",), FakeOutcome.CONVERTED, None, edit("a.c", "int a;", "long a;"),
                   ("a.c",)),
    FakeConversion("c.c:c", ("c.c:c",), FakeOutcome.CONVERTED, None, edit("c.c", "int c;", "long c;"),
                   ("c.c",)),
    FakeConversion("d.c:d", ("d.c:d",), FakeOutcome.REFUSED, "goto into the loop: out", "", ("d.c",),
                   reason_kind="GOTO_INTO_LOOP"),
]
INVENTORY = {"thread_functions": [
    {"id": f"{n}.c:{n}", "kind": "kthread", "loop": "while-not-should-stop", "tied": True}
    for n in "abcd"]}


def fake_verify(units, settings, stats=None):  # noqa: ANN001, ANN201
    """a and b pass everything, c fails checkpatch; d keeps the engine's refusal."""
    results = {}
    for unit in units:
        if unit.refused:
            results[unit.unit_id] = UnitResult(unit.unit_id, refused=unit.refused)
            continue
        gates = [GateResult(g, Status.PASS) for g in Gate]
        if unit.unit_id == "c.c:c":
            gates[2] = GateResult(Gate.CHECKPATCH, Status.FAIL, "checkpatch --strict: 1 issue")
        results[unit.unit_id] = UnitResult(unit.unit_id, gates)
    return results


class ConvertRunTest(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        root = Path(self.tmp.name)
        self.ksrc = root / "linux"
        self.ksrc.mkdir()
        for name in "abcd":
            (self.ksrc / f"{name}.c").write_text(f"int {name};\n")
        (self.ksrc / "Makefile").write_text("all:\n")
        self.env = mock.patch.dict(os.environ, {**CLEAN_ENV, **IDENTITY}, clear=True)
        self.env.start()
        git(self.ksrc, "init", "-q", "-b", "master")
        git(self.ksrc, "add", ".")
        git(self.ksrc, "commit", "-q", "-m", "baseline")
        series = root / "patches"
        series.mkdir()
        (series / "0001-core.patch").write_text(
            "Subject: [PATCH] core: Add e\n\nAdd e.\n---\n" + "--- /dev/null\n+++ b/e.c\n"
            "@@ -0,0 +1 @@\n+int e;\n")
        (series / "series").write_text("0001-core.patch\n")
        self.out = root / "reports"
        self.out.mkdir()
        (self.out / "inventory.json").write_text("{}\n")
        self.opts = convert.ConvertOptions(ksrc=self.ksrc, series_dir=series,
                                           out_dir=self.out, jobs=1, build_root=root / "build")
        self.plans = 0

        self.conversions = CONVERSIONS
        self.planned_ids = []

        def plan_tree(tree, inventory, only=None):  # noqa: ANN001, ANN202
            self.plans += 1
            self.planned_ids = [tf["id"] for tf in inventory["thread_functions"]]
            return self.conversions
        self.engine = types.SimpleNamespace(plan_tree=plan_tree, round_trip=None,
                                            __file__=__file__, Conversion=FakeConversion,
                                            Outcome=FakeOutcome)
        self.patches = [mock.patch.object(convert.enginemod, "load", return_value=self.engine),
                        mock.patch.object(convert, "scan_inventory", return_value=INVENTORY),
                        mock.patch.object(convert, "verify", fake_verify),
                        mock.patch.object(convert, "toolchain", return_value={"x": "gcc"})]
        for patcher in self.patches:
            patcher.start()

    def tearDown(self) -> None:
        for patcher in self.patches:
            patcher.stop()
        self.env.stop()
        self.tmp.cleanup()

    def test_branch_reports_and_rerun(self) -> None:
        stats = convert.ConvertStats()
        result = convert.run(self.opts, stats)
        subjects = git(self.ksrc, "log", "--format=%s", "kti/convert").splitlines()
        # Newest first: the verified units in unit order on top of the series.
        self.assertEqual(subjects, ["b: Convert b() to the iterant kthread API",
                                    "a: Convert a() to the iterant kthread API",
                                    "core: Add e", "baseline"])
        tree = self.opts.build_root / next(p.name for p in self.opts.build_root.iterdir())
        self.assertEqual((tree / "converted" / "a.c").read_text(), "long a;\n")
        self.assertEqual((tree / "converted" / "c.c").read_text(), "int c;\n")
        self.assertEqual(git(self.ksrc, "status", "--porcelain"), "")
        self.assertEqual(sorted(p.name for p in self.out.iterdir()),
                         ["conversions.json", "conversions.md", "inventory.json"])
        text = (self.out / "conversions.json").read_text()
        self.assertIn('"reason": "failed check 3: checkpatch --strict: 1 issue"', text)
        self.assertIn('"reason_kind": "GOTO_INTO_LOOP"', text)
        self.assertEqual(result.subjects["a.c:a"], "a: Convert a() to the iterant kthread API")
        tip = stats.tip
        again = convert.ConvertStats()
        convert.run(self.opts, again)
        self.assertEqual(again.tip, tip)
        self.assertEqual((self.out / "conversions.json").read_text(), text)
        self.assertEqual(self.plans, 1, "the unchanged re-run converts nothing again")

    def test_shared_file_unit_split_on_the_member_to_blame(self) -> None:
        """c.c's c() and c2() convert together; the unit fails checkpatch, and so does c()
        alone (fake_verify fails every unit named c.c:c), so c2() is converted again
        without it and becomes a commit; c() is reported with its own failed check."""
        group = FakeConversion("c.c:c", ("c.c:c", "c.c:c2"), FakeOutcome.CONVERTED, None,
                               edit("c.c", "int c;", "long c;"), ("c.c",))
        # a() took the description name a_kti: c's units are made again clear of it
        # (its local ctx pointer is no global name).
        self.conversions = [dataclasses.replace(CONVERSIONS[1], facts={
            "names": {"kti": "a_kti", "func": "a_func", "ctx_var": "ctx"}}), group]
        calls = []

        def plan_tree(tree, inventory, only=None, held_back=None,  # noqa: ANN001, ANN202
                      reserved=None):
            calls.append((only, held_back, reserved))
            if only is None:
                return self.conversions
            return [FakeConversion(tf, (tf,), FakeOutcome.REFUSED, "held back", "", (),
                                   reason_kind="HELD_BACK") if tf in (held_back or {}) else
                    FakeConversion(tf, (tf,), FakeOutcome.CONVERTED, None,
                                   edit("c.c", "int c;", "short c;"), ("c.c",))
                    for tf in only]
        self.engine.plan_tree = plan_tree
        convert.run(self.opts)
        taken = ["a_func", "a_kti"]
        self.assertEqual(calls, [(None, None, None), (["c.c:c"], None, taken),
                                 (["c.c:c2"], None, taken),
                                 (["c.c:c", "c.c:c2"], {"c.c:c": mock.ANY}, taken)])
        self.assertIn("failed check 3", calls[3][1]["c.c:c"])
        subjects = git(self.ksrc, "log", "--format=%s", "kti/convert").splitlines()
        self.assertEqual(subjects[:2], ["c: Convert c2() to the iterant kthread API",
                                        "a: Convert a() to the iterant kthread API"])
        units = {u["unit_id"]: u for u in
                 json.loads((self.out / "conversions.json").read_text())["units"]}
        self.assertEqual(sorted(units), ["a.c:a", "c.c:c", "c.c:c2"])
        self.assertEqual(units["c.c:c"]["verdict"], "failed")
        self.assertEqual(units["c.c:c2"]["verdict"], "verified")

    def test_series_files_are_not_the_trees(self) -> None:
        """e.c comes from the core series: its kthread is the series' own test thread."""
        series_tf = {"id": "e.c:e:1", "file": "e.c", "kind": "kthread",
                     "loop": "while-not-should-stop", "tied": True}
        inventory = dict(INVENTORY, thread_functions=INVENTORY["thread_functions"] + [series_tf],
                         creation_sites=[{"id": "e.c:3:5", "file": "e.c"},
                                         {"id": "a.c:9:5", "file": "a.c"}])
        with mock.patch.object(convert, "scan_inventory", return_value=inventory):
            result = convert.run(dataclasses.replace(self.opts, branch=None))
        self.assertEqual(self.planned_ids, ["a.c:a", "b.c:b", "c.c:c", "d.c:d"])
        self.assertEqual([s["id"] for s in result.inventory["creation_sites"]], ["a.c:9:5"])

    def test_report_written_when_the_branch_fails(self) -> None:
        """Two verified units changing one line of a.c cannot both be commits: the run
        fails naming the unit, and the report of all units is still written."""
        self.conversions = CONVERSIONS + [FakeConversion(
            "a.c:a2", ("a.c:a2",), FakeOutcome.CONVERTED, None,
            edit("a.c", "int a;", "short a;"), ("a.c",))]
        with self.assertRaisesRegex(VerifyError, r"a\.c:a2.*does not apply.*report is in"):
            convert.run(self.opts)
        data = json.loads((self.out / "conversions.json").read_text())
        self.assertIsNone(data["branch"])
        self.assertEqual(sorted(u["unit_id"] for u in data["units"]),
                         ["a.c:a", "a.c:a2", "b.c:b", "c.c:c", "d.c:d"])
        self.assertEqual(git(self.ksrc, "branch", "--list", "kti/convert"), "")

    def test_out_never_replaces_files_it_did_not_write(self) -> None:
        """The tree, or a folder with someone else's conversions.md: exit 2 before any
        work, the file as it was; its own reports are replaced on the next run."""
        args = ["--tree", str(self.ksrc), "--series", str(self.opts.series_dir),
                "--build-dir", str(self.opts.build_root), "--no-branch"]
        self.assertEqual(cli.main(args + ["--out", str(self.ksrc)]), 2)
        self.assertEqual(git(self.ksrc, "status", "--porcelain"), "")
        foreign = self.out / "conversions.md"
        foreign.write_text("# my notes on conversions\n")
        self.assertEqual(cli.main(args + ["--out", str(self.out)]), 2)
        self.assertEqual(foreign.read_text(), "# my notes on conversions\n")
        self.assertEqual(self.plans, 0)
        foreign.unlink()
        self.assertEqual(cli.main(args + ["--out", str(self.out)]), 0)
        self.assertEqual(cli.main(args + ["--out", str(self.out)]), 0)
        self.assertIn("Generated by `scripts/kti-convert-tree`", foreign.read_text())


if __name__ == "__main__":
    unittest.main()
