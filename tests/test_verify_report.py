# SPDX-License-Identifier: GPL-2.0
"""conversions.json / conversions.md and the commit message, from a hand-made run:
the yield's numerator and denominator, counts per failed check and refusal reason,
compile-tested units, reproducible bytes, atomic writes that touch nothing else."""
import json
import tempfile
import unittest
from pathlib import Path

from tests.verify_support import PROJECT

from kti.verify import changelog, report
from kti.verify.model import Gate, GateResult, Status, Unit, UnitResult

# Six thread functions: a, b, c, d stop-checked (while-not-should-stop, do-while,
# infinite-with-stop-check, custom-stop-predicate), e one-shot, s an smpboot thread, v svc.
INVENTORY = {"thread_functions": [
    {"id": "x/a.c:a", "kind": "kthread", "loop": "while-not-should-stop", "tied": True},
    {"id": "x/b.c:b", "kind": "kthread", "loop": "do-while", "tied": True},
    {"id": "x/c.c:c", "kind": "kthread", "loop": "infinite-with-stop-check", "tied": True},
    {"id": "x/d.c:d", "kind": "kthread", "loop": "custom-stop-predicate", "tied": True},
    {"id": "x/e.c:e", "kind": "kthread", "loop": "one-shot", "tied": True},
    {"id": "x/s.c:s", "kind": "smpboot", "loop": "smpboot", "tied": True},
    {"id": "x/v.c:v", "kind": "svc", "loop": "while-not-should-stop", "tied": True},
]}


def passed(gate: Gate, configs=None) -> GateResult:  # noqa: ANN001
    return GateResult(gate, Status.PASS, "", {"configs": configs} if configs else {})


def make_report() -> report.ConvertReport:
    units = [Unit(tf, (tf,), f"--- a/{tf.split(':')[0]}\n", (tf.split(":")[0],))
             for tf in ("x/a.c:a", "x/b.c:b", "x/c.c:c", "x/e.c:e")]
    units.append(Unit("x/d.c:d", ("x/d.c:d",), "", ("x/d.c",), refused="goto into the loop"))
    results = {
        # a: verified, built by x86_64
        "x/a.c:a": UnitResult("x/a.c:a", [passed(Gate.APPLY),
                                          passed(Gate.COMPILE, {"x/a.c": "x86_64"}),
                                          passed(Gate.CHECKPATCH), passed(Gate.ROUND_TRIP),
                                          passed(Gate.DETECTOR)]),
        # b: fails checks 3 and 5: the first (3) is the reason
        "x/b.c:b": UnitResult("x/b.c:b", [passed(Gate.APPLY),
                                          passed(Gate.COMPILE, {"x/b.c": "arm64"}),
                                          GateResult(Gate.CHECKPATCH, Status.FAIL, "style"),
                                          passed(Gate.ROUND_TRIP),
                                          GateResult(Gate.DETECTOR, Status.FAIL, "loop")]),
        # c: not compile-tested
        "x/c.c:c": UnitResult("x/c.c:c", [passed(Gate.APPLY),
                                          GateResult(Gate.COMPILE, Status.NOT_COMPILE_TESTED,
                                                     "no configuration", {"configs": {}}),
                                          passed(Gate.CHECKPATCH), passed(Gate.ROUND_TRIP),
                                          passed(Gate.DETECTOR)]),
        # e: verified but one-shot: outside the denominator
        "x/e.c:e": UnitResult("x/e.c:e", [passed(Gate.APPLY),
                                          passed(Gate.COMPILE, {"x/e.c": "x86_64"}),
                                          passed(Gate.CHECKPATCH), passed(Gate.ROUND_TRIP),
                                          passed(Gate.DETECTOR)]),
        "x/d.c:d": UnitResult("x/d.c:d", refused="goto into the loop"),
    }
    return report.ConvertReport(
        tree_name="linux-6.12", tree_head="1" * 40, series=["0001-a.patch"],
        base_fingerprint="f" * 64, branch="kti/convert", toolchain={"x86_64": "gcc 12"},
        inventory=INVENTORY, units=units, results=results,
        subjects={"x/a.c:a": "x: a: Convert a() to the iterant kthread API"},
        reason_kinds={"x/d.c:d": "GOTO_INTO_LOOP", "x/b.c:b": "failed check 3"})


class CountsTest(unittest.TestCase):
    def test_yield_and_counts(self) -> None:
        c = report.counts(make_report())
        self.assertEqual(c["yield"], {"numerator": 1, "denominator": 4, "percent": 25.0})
        self.assertEqual(c["verified_outside_denominator"], 1)
        self.assertEqual(c["by_verdict"], {"verified": 2, "failed": 1,
                                           "not-compile-tested": 1, "refused": 1})
        self.assertEqual(c["failed_checks"], {"3": 1})
        self.assertEqual(c["refusal_reasons"], {"GOTO_INTO_LOOP": 1})
        self.assertEqual((c["compile_tested"], c["not_compile_tested"]), (3, 1))
        self.assertEqual(c["files_by_config"], {"arm64": 1, "x86_64": 2})

    def test_json_is_reproducible_and_holds_no_path_or_time(self) -> None:
        first = report.to_json(make_report())
        self.assertEqual(first, report.to_json(make_report()))
        data = json.loads(first)
        self.assertEqual(data["schema_version"], 1)
        self.assertEqual([u["unit_id"] for u in data["units"]],
                         ["x/a.c:a", "x/b.c:b", "x/c.c:c", "x/d.c:d", "x/e.c:e"])
        self.assertEqual(data["units"][1]["reason"], "failed check 3: style")
        # Only verified units carry their diff.
        self.assertEqual([u["patch"] for u in data["units"]],
                         ["--- a/x/a.c\n", "", "", "", "--- a/x/e.c\n"])
        self.assertNotIn(str(PROJECT), first)
        self.assertNotIn("seconds", first)

    def test_markdown_states_the_yield_with_its_terms(self) -> None:
        text = report.to_markdown(make_report())
        self.assertIn("**25.0%**: 1 thread functions converted and verified", text)
        self.assertIn("of 4 with a stop-checked main loop", text)
        self.assertIn("| 3 | checkpatch.pl --strict clean | 1 |", text)
        self.assertIn("| GOTO_INTO_LOOP | 1 |", text)


class WriteTest(unittest.TestCase):
    def test_only_the_two_files_are_replaced(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            (out / "inventory.json").write_text("keep me")
            (out / "conversions.json").write_text("old")
            report.write_atomically(out, {"conversions.json": "new", "conversions.md": "md"})
            self.assertEqual(sorted(p.name for p in out.iterdir()),
                             ["conversions.json", "conversions.md", "inventory.json"])
            self.assertEqual((out / "inventory.json").read_text(), "keep me")
            self.assertEqual((out / "conversions.json").read_text(), "new")


class ChangelogTest(unittest.TestCase):
    def test_subject_prefix_from_the_path(self) -> None:
        self.assertEqual(changelog.subject_prefix("drivers/power/supply/tps65217_charger.c"),
                         "power: supply: tps65217_charger")
        self.assertEqual(changelog.subject_prefix("drivers/md/dm-delay.c"), "md: dm-delay")
        self.assertEqual(changelog.subject_prefix("mm/ksm.c"), "mm: ksm")

    def test_message_ends_with_the_semantic_patch_and_command(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "cocci").mkdir()
            (Path(tmp) / "cocci" / "rule.cocci").write_text("@r@\n@@\n- a\n+ b\n")
            u = Unit("x/a.c:a", ("x/a.c:a",), "", ("x/a.c",), facts={"flags": ["KTI_INT_SLEEP"]},
                     spatch_commands=("spatch --sp-file cocci/rule.cocci x/a.c",),
                     semantic_patches=("cocci/rule.cocci",))
            text = changelog.message(u, make_report().results["x/a.c:a"], Path(tmp))
        lines = text.splitlines()
        self.assertEqual(lines[0], "x: a: Convert a() to the iterant kthread API")
        self.assertIn("- flags: KTI_INT_SLEEP", lines)
        at = lines.index("  2. compiles with W=1 and sparse, no new warnings: pass (x/a.c: x86_64")
        self.assertEqual(lines[at + 1], "     allmodconfig)")
        self.assertTrue(all(len(line) <= 75 for line in lines[:at + 5]))
        self.assertEqual(lines[-1], "$ spatch --sp-file cocci/rule.cocci x/a.c")
        self.assertEqual(lines[-7:-2], ["--- cocci/rule.cocci ---", "@r@", "@@", "- a", "+ b"])


if __name__ == "__main__":
    unittest.main()
