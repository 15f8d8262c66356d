# SPDX-License-Identifier: GPL-2.0
"""Boot rig: the generated-conversion set, its lookup in the converter report, its fragments."""
import json
import sys
import tempfile
import unittest
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "scripts"))

import contextlib  # noqa: E402
import io  # noqa: E402

from kti.boot import cli, conversions, rig  # noqa: E402
from kti.boot.conversions import SetUnit, State  # noqa: E402
from kti.boot.errors import RigError  # noqa: E402
from kti.boot.scenarios import (baseline_sets, generated_sets, scenario_fragments,  # noqa: E402
                                scenario_scripts, stress_sets, test_sets)

GUEST = PROJECT / "tests" / "guest"
DIFF = "--- a/mm/ksm.c\n+++ b/mm/ksm.c\n@@ -1 +1 @@\n-a\n+b\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


class DeclaredUnitsTest(unittest.TestCase):
    def test_header_lines_in_scenario_order(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "generated"
            write(root / "31-a.sh", "#!/bin/sh\n# kti-unit: mm/ksm.c:ksm_scan_thread\n")
            write(root / "32-b.sh",
                  "# kti-unit: drivers/md/dm-writecache.c:writecache_endio_thread\n"
                  "# kti-unit: drivers/md/dm-writecache.c:writecache_flush_thread\n"
                  "echo '# kti-unit: not/a/header.c:x'\n")
            units = conversions.declared_units(root, scenario_scripts(root))
        self.assertEqual(units, [
            SetUnit("mm/ksm.c:ksm_scan_thread", "generated/31-a"),
            SetUnit("drivers/md/dm-writecache.c:writecache_endio_thread", "generated/32-b"),
            SetUnit("drivers/md/dm-writecache.c:writecache_flush_thread", "generated/32-b")])

    def test_unit_declared_twice_is_refused(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "generated"
            write(root / "31-a.sh", "# kti-unit: mm/ksm.c:ksm_scan_thread\n")
            write(root / "32-b.sh", "# kti-unit: mm/ksm.c:ksm_scan_thread\n")
            with self.assertRaisesRegex(RigError, "32-b.sh: kti-unit mm/ksm.c:ksm_scan_thread "
                                                  "already declared by 31-a.sh"):
                conversions.declared_units(root, scenario_scripts(root))

    def test_malformed_id_is_refused(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "generated"
            write(root / "31-a.sh", "# kti-unit: ksm_scan_thread\n")
            with self.assertRaisesRegex(RigError, "not file.c:function"):
                conversions.declared_units(root, scenario_scripts(root))


class ReportTest(unittest.TestCase):
    UNITS = [SetUnit("mm/ksm.c:ksm_scan_thread", "generated/32-ksm"),
             SetUnit("mm/compaction.c:kcompactd", "generated/33-kcompactd"),
             SetUnit("kernel/audit.c:kauditd_thread", "generated/34-kauditd"),
             SetUnit("kernel/sched/psi.c:psi_rtpoll_worker", "generated/36-psi"),
             SetUnit("drivers/md/dm-delay.c:flush_worker_fn", "generated/37-dm-delay")]

    def resolve(self, document: object, files: dict = None) -> list:  # noqa: RUF013
        with tempfile.TemporaryDirectory() as tmp:
            path = write(Path(tmp) / "conversions.json", json.dumps(document))
            for name, text in (files or {}).items():
                write(Path(tmp) / name, text)
            return conversions.resolve(self.UNITS, conversions.read_report(path), path.parent)

    def test_each_state_is_told_apart(self) -> None:
        statuses = self.resolve({"units": [
            {"unit_id": "mm/ksm.c:ksm_scan_thread", "verdict": "verified", "patch": DIFF},
            {"unit_id": "mm/compaction.c:kcompactd", "verdict": "refused",
             "reason": "exits on its own"},
            {"unit_id": "kernel/audit.c:kauditd_thread", "verdict": "verified", "patch": ""},
            {"unit_id": "kernel/sched/psi.c:psi_rtpoll_worker", "verdict": "verified",
             "patch_file": "patches/psi.diff"},
        ]}, {"patches/psi.diff": DIFF})
        self.assertEqual([s.state for s in statuses],
                         [State.APPLIED, State.NOT_VERIFIED, State.NO_PATCH, State.APPLIED,
                          State.MISSING])
        self.assertEqual(statuses[0].patch, DIFF)
        self.assertEqual(statuses[3].patch, DIFF)
        self.assertEqual(statuses[1].describe(), "mm/compaction.c:kcompactd: not verified "
                                                 "(verdict 'refused': exits on its own)")
        self.assertEqual(statuses[4].describe(),
                         "drivers/md/dm-delay.c:flush_worker_fn: not in the converter report")

    def test_plain_list_document(self) -> None:
        statuses = self.resolve([{"unit_id": "mm/ksm.c:ksm_scan_thread", "verdict": "verified",
                                  "patch": DIFF}])
        self.assertEqual(statuses[0].state, State.APPLIED)

    def test_no_report_fails_every_unit(self) -> None:
        statuses = conversions.resolve(self.UNITS, conversions.read_report(
            Path("/nonexistent/conversions.json")), Path("/nonexistent"))
        self.assertEqual({s.state for s in statuses}, {State.NO_REPORT})

    def test_bad_documents_are_named(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = write(Path(tmp) / "conversions.json", "{not json")
            with self.assertRaisesRegex(RigError, "conversions.json: not readable JSON"):
                conversions.read_report(path)
            path.write_text(json.dumps({"units": {"a": 1}}))
            with self.assertRaisesRegex(RigError, "expected a list of unit records"):
                conversions.read_report(path)
            path.write_text(json.dumps([{"verdict": "verified"}]))
            with self.assertRaisesRegex(RigError, "without a unit_id"):
                conversions.read_report(path)

    def test_missing_patch_file_is_named(self) -> None:
        with self.assertRaisesRegex(RigError, "patch_file .*nowhere.diff does not exist"):
            self.resolve([{"unit_id": "mm/ksm.c:ksm_scan_thread", "verdict": "verified",
                           "patch_file": "nowhere.diff"}])

    def test_patches_written_in_report_order_stale_ones_removed(self) -> None:
        statuses = self.resolve([
            {"unit_id": "drivers/md/dm-delay.c:flush_worker_fn", "verdict": "verified",
             "patch": DIFF},
            {"unit_id": "mm/ksm.c:ksm_scan_thread", "verdict": "verified", "patch": DIFF}])
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            write(out / "0009-stale.diff", "old")
            written = conversions.write_patches(statuses, out)
            self.assertEqual([p.name for p in written],
                             ["0001-drivers-md-dm-delay-c-flush-worker-fn.diff",
                              "0002-mm-ksm-c-ksm-scan-thread.diff"])
            self.assertEqual(sorted(p.name for p in out.iterdir()),
                             [p.name for p in written])
            self.assertEqual(written[0].read_text(), DIFF)

    def test_unit_converting_several_thread_functions_is_applied_once(self) -> None:
        units = [SetUnit("drivers/md/dm-writecache.c:writecache_endio_thread", "generated/39"),
                 SetUnit("drivers/md/dm-writecache.c:writecache_flush_thread", "generated/39")]
        with tempfile.TemporaryDirectory() as tmp:
            path = write(Path(tmp) / "conversions.json", json.dumps([
                {"unit_id": "drivers/md/dm-writecache.c:writecache_endio_thread",
                 "thread_functions": [u.unit_id for u in units], "verdict": "verified",
                 "patch": DIFF}]))
            statuses = conversions.resolve(units, conversions.read_report(path), path.parent)
            self.assertEqual([s.state for s in statuses], [State.APPLIED, State.APPLIED])
            self.assertEqual(len(conversions.write_patches(statuses, Path(tmp) / "out")), 1)

    def test_report_ids_with_a_line_name_the_unit(self) -> None:
        statuses = self.resolve({"units": [
            {"unit_id": "mm/ksm.c:ksm_scan_thread:2766", "verdict": "verified", "patch": DIFF},
            # Found by a thread function of a unit whose own id is another function.
            {"unit_id": "mm/compaction.c:kcompactd_run:3200",
             "thread_functions": ["mm/compaction.c:kcompactd:3156"], "verdict": "verified",
             "patch": DIFF},
            # A longer function name, another file and a non-numeric tail name nothing.
            {"unit_id": "kernel/audit.c:kauditd_thread_2:842", "verdict": "verified",
             "patch": DIFF},
            {"unit_id": "kernel/sched/psi.c.orig:psi_rtpoll_worker:734", "verdict": "verified",
             "patch": DIFF},
            {"unit_id": "drivers/md/dm-delay.c:flush_worker_fn:12a", "verdict": "verified",
             "patch": DIFF},
        ]})
        self.assertEqual([s.state for s in statuses],
                         [State.APPLIED, State.APPLIED, State.MISSING, State.MISSING,
                          State.MISSING])
        self.assertEqual([s.record for s in statuses[:2]], [0, 1])

    def test_unit_id_without_a_line_still_matches(self) -> None:
        statuses = self.resolve([{"unit_id": "mm/ksm.c:ksm_scan_thread", "verdict": "verified",
                                  "patch": DIFF}])
        self.assertEqual(statuses[0].state, State.APPLIED)

    def test_unit_matching_two_records_is_an_error_naming_both(self) -> None:
        with self.assertRaisesRegex(RigError, "mm/ksm.c:ksm_scan_thread matches two unit "
                                              "records of the converter report: "
                                              "mm/ksm.c:ksm_scan_thread:2766 and "
                                              "mm/ksm.c:ksm_scan_thread:2900"):
            self.resolve([
                {"unit_id": "mm/ksm.c:ksm_scan_thread:2766", "verdict": "verified",
                 "patch": DIFF},
                {"unit_id": "mm/ksm.c:ksm_scan_thread:2900", "verdict": "refused"}])

    def test_names_unit(self) -> None:
        self.assertTrue(conversions.names_unit("a.c:f", "a.c:f"))
        self.assertTrue(conversions.names_unit("a.c:f:7", "a.c:f"))
        self.assertFalse(conversions.names_unit("a.c:f:", "a.c:f"))
        self.assertFalse(conversions.names_unit("a.c:fg:7", "a.c:f"))
        self.assertFalse(conversions.names_unit("a.c:f:7:8", "a.c:f"))
        self.assertFalse(conversions.names_unit("xa.c:f:7", "a.c:f"))
        # The unit id is text, not a pattern: its dots match only dots.
        self.assertFalse(conversions.names_unit("aXc:f:7", "a.c:f"))

    def test_thread_functions_must_be_a_list(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = write(Path(tmp) / "conversions.json", json.dumps([
                {"unit_id": "a.c:f:1", "thread_functions": "a.c:f:1"}]))
            with self.assertRaisesRegex(RigError, "a.c:f:1: thread_functions is not a list"):
                conversions.read_report(path)

    def test_unit_outcomes_fail_naming_the_unit(self) -> None:
        statuses = self.resolve([{"unit_id": "mm/ksm.c:ksm_scan_thread",
                                  "verdict": "verified", "patch": DIFF}])
        outcomes = rig.unit_outcomes(statuses)
        self.assertEqual([o.passed for o in outcomes], [True, False, False, False, False])
        self.assertIn("mm/compaction.c:kcompactd", outcomes[1].name)
        self.assertEqual(outcomes[1].detail,
                         "mm/compaction.c:kcompactd: not in the converter report")


class ConvertedRunTest(unittest.TestCase):
    def kernel(self, patched: bool) -> rig.Kernel:
        applied = conversions.UnitStatus(SetUnit("mm/ksm.c:ksm_scan_thread", "g/32"),
                                         State.APPLIED, patch=DIFF, record=0)
        missing = conversions.UnitStatus(SetUnit("mm/compaction.c:kcompactd", "g/33"),
                                         State.MISSING)
        return rig.Kernel(tree=Path(), image=Path(), modules=[], patched=patched,
                          units=[applied, missing])

    def test_guest_list_names_only_applied_units(self) -> None:
        self.assertEqual(rig.conversion_list(self.kernel(True)), b"mm/ksm.c:ksm_scan_thread\n")
        self.assertEqual(rig.conversion_list(self.kernel(False)), b"")

    def test_converted_mode_and_label(self) -> None:
        args = cli.parse_args(["converted"])
        self.assertEqual(args.mode, "converted")
        self.assertEqual(args.build_dir, PROJECT / "build" / "boot")
        self.assertEqual(args.report, PROJECT / "reports" / "linux-6.12" / "conversions.json")
        opts = rig.RigOptions(ksrc=Path(), patch_dir=Path(), scenario_dir=Path(),
                              build_root=Path(), suite="s", timeout=1.0, keep=False,
                              generated=True)
        self.assertEqual(opts.label, "boot-test-converted")

    def test_stress_mode_runs_the_generated_units(self) -> None:
        self.assertEqual(cli.parse_args(["stress"]).build_dir, PROJECT / "build" / "boot")
        opts = rig.RigOptions(ksrc=Path(), patch_dir=Path(), scenario_dir=Path(),
                              build_root=Path(), suite="s", timeout=1.0, keep=False,
                              generated=True, stress=True)
        self.assertEqual(opts.label, "stress-converted")

    def test_stress_on_the_baseline_builds_there(self) -> None:
        args = cli.parse_args(["stress", "--baseline"])
        self.assertEqual(args.build_dir, PROJECT / "build" / "boot-baseline")
        opts = rig.RigOptions(ksrc=Path(), patch_dir=Path(), scenario_dir=Path(),
                              build_root=Path(), suite="s", timeout=1.0, keep=False,
                              baseline=True, generated=True, stress=True)
        self.assertEqual(opts.label, "stress-baseline")

    def test_converted_refuses_baseline(self) -> None:
        with contextlib.redirect_stderr(io.StringIO()), self.assertRaises(SystemExit):
            cli.parse_args(["converted", "--baseline"])


class ProjectSetTest(unittest.TestCase):
    """The project's own set: real thread functions, enough of them, each with its config."""

    def setUp(self) -> None:
        directory = GUEST / "generated"
        self.units = conversions.declared_units(directory, scenario_scripts(directory))

    def test_at_least_ten_distinct_thread_functions(self) -> None:
        self.assertGreaterEqual(len({u.unit_id for u in self.units}), 10)

    def test_every_unit_is_a_thread_function_of_the_inventory(self) -> None:
        inventory = json.loads((PROJECT / "reports" / "linux-6.12" /
                                "inventory.json").read_text())
        known = [tf["id"] for tf in inventory["thread_functions"]]
        self.assertEqual([u.unit_id for u in self.units
                          if sum(conversions.names_unit(i, u.unit_id) for i in known) != 1], [])

    def test_every_scenario_with_units_has_a_fragment(self) -> None:
        fragments = {p.stem for p in scenario_fragments(GUEST)}
        scenarios = {u.scenario.split("/")[1] for u in self.units}
        self.assertEqual(scenarios - fragments, set())


class GeneratedSetsTest(unittest.TestCase):
    def make(self, root: Path) -> None:
        write(root / "01-core.sh", "")
        write(root / "lib.sh", "")
        write(root / "conversions" / "21-a.sh", "")
        write(root / "conversions" / "conv-lib.sh", "")
        write(root / "conversions" / "21-a.config", "CONFIG_A=y\n")
        write(root / "generated" / "31-b.sh", "# kti-unit: mm/ksm.c:ksm_scan_thread\n")
        write(root / "generated" / "gen-lib.sh", "")
        write(root / "generated" / "30-common.config", "CONFIG_B=y\n")
        write(root / "generated" / "31-b.config", "CONFIG_C=y\n")
        write(root / "generated" / "notes.config", "not a fragment: no NN- prefix\n")
        write(root / "bench" / "01-cost.sh", "")
        write(root / "stress" / "90-all.sh", "")

    def test_generated_only_in_its_own_run_and_the_baseline(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            self.make(root)
            self.assertEqual([s.guest_dir for s in test_sets(root)], ["", "conversions"])
            self.assertEqual([s.guest_dir for s in baseline_sets(root)],
                             ["conversions", "generated"])
            generated = generated_sets(root)
            self.assertEqual(generated[0].names(), ["generated/31-b"])
            self.assertEqual(sorted(p.name for p in generated[0].helpers),
                             ["conv-lib.sh", "gen-lib.sh"])

    def test_stress_runs_alone_with_the_units_out_of_inits_reach(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            self.make(root)
            write(root / "generated" / "initramfs.list", "/bin/sh\n")
            stress, units = stress_sets(root)
            # Only the stress pass runs; /init runs /scenarios/*/NN-*.sh, one level deep.
            self.assertEqual([n for s in (stress, units) for n in s.names()], ["stress/90-all"])
            self.assertEqual(sorted(p.name for p in stress.helpers),
                             ["conv-lib.sh", "gen-lib.sh"])
            self.assertEqual(stress.host_file_list, root / "generated" / "initramfs.list")
            self.assertEqual((units.guest_dir, [p.name for p in units.helpers]),
                             ("stress/units", ["31-b.sh"]))
            self.assertNotIn("stress", [s.guest_dir for s in baseline_sets(root)])

    def test_fragments_core_first_then_directories_by_name(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            self.make(root)
            write(root / "05-core.config", "CONFIG_D=y\n")
            self.assertEqual([str(p.relative_to(root)) for p in scenario_fragments(root)],
                             ["05-core.config", "conversions/21-a.config",
                              "generated/30-common.config", "generated/31-b.config"])


if __name__ == "__main__":
    unittest.main()
