# SPDX-License-Identifier: GPL-2.0
"""Hygiene of kernel-patches/: what a maintainer checks before reading a series at all.

The series file must name exactly the patches that exist.  The patches in the repository
carry no person (no From:, no Signed-off-by, no placeholder address anywhere): they are
signed by whoever exports them (scripts/kti-export-series, `make export-series`).  The
exported copy, signed by a test identity, must pass the tree's own
scripts/checkpatch.pl --strict.  The tree is the one `make check` prepared (KSRC, by
default build/linux-6.12); without it the checkpatch test fails rather than skipping,
because `make check` always prepares it first.
"""
import os
import re
import subprocess
import tempfile
import unittest
from pathlib import Path

from kti.export import COVER_LETTER, Identity, export_series

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PATCH_DIR = PROJECT_ROOT / "kernel-patches"
TREE = Path(os.environ.get("KSRC", PROJECT_ROOT / "build" / "linux-6.12"))

# Addresses nobody can be reached at, and the made-up identity the series once carried.
PLACEHOLDER = re.compile(
    r"(?i)@(?:[\w.-]+\.)?(?:example\.(?:org|com|net)|localhost|[\w.-]+\.(?:invalid|test|example"
    r"|localdomain))\b|\bkthread-iterant@|Kthread Iterant Developers|@localhost\b")
# Lines by which a patch names a person as its author, signer or maintainer.
PERSON_LINE = re.compile(r"(?m)^(?:From|Date|Signed-off-by|Co-developed-by|\+M):")
KUNIT_PATCH = "0009-kthread-Add-KUnit-tests-for-iterant-kthreads.patch"
TEST_MODULE_NUMBER = 50
FIRST_CONVERSION_NUMBER = 30
# What the converter (scripts/kti/convert) writes: its output is a user of these (the
# torture macros expand to _torture_create_kthread_iterant()).
CONVERTER_USES = frozenset((
    "kthread_iterant_create", "kthread_iterant_run", "kthread_iterant_create_on_node",
    "kthread_iterant_create_on_cpu", "kthread_iterant_run_on_cpu", "kthread_iterant_ctx",
    "kthread_stop_current", "KTI_NONFREEZABLE", "KTI_INT_SLEEP_TIMEOUT",
    "torture_create_kthread_iterant", "torture_create_kthread_iterant_cb",
    "_torture_create_kthread_iterant"))


def series_entries() -> list:
    """Patch names listed in kernel-patches/series, comments and blank lines dropped."""
    lines = (PATCH_DIR / "series").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def patch_number(name: str) -> int:
    return int(re.match(r"(\d+)-", name).group(1))


def file_sections(patch_text: str) -> dict:
    """Path -> the diff of that file in one patch."""
    sections = {}
    for chunk in patch_text.split("\ndiff --git a/")[1:]:
        path = chunk.split(" b/", 1)[0]
        sections[path] = chunk
    return sections


def changed_lines(section: str, sign: str) -> str:
    """The lines a diff section adds (sign "+") or removes ("-"), without the sign."""
    return "\n".join(line[1:] for line in section.splitlines()
                     if line.startswith(sign) and not line.startswith(sign * 3))


def added_lines(patch_text: str, path: str) -> str:
    """The lines a patch adds to one file, without the leading +."""
    return changed_lines(file_sections(patch_text)[path], "+")


def changelog(patch_text: str) -> str:
    return patch_text.split("\n---\n", 1)[0]


class SeriesFileTest(unittest.TestCase):
    def test_series_names_every_patch_once(self) -> None:
        entries = series_entries()
        on_disk = sorted(p.name for p in PATCH_DIR.glob("*.patch"))
        self.assertEqual(len(entries), len(set(entries)), "a patch is listed twice")
        self.assertEqual(sorted(entries), on_disk)

    def test_series_order_follows_patch_numbers(self) -> None:
        numbers = [int(re.match(r"(\d+)-", name).group(1)) for name in series_entries()]
        self.assertEqual(numbers, sorted(numbers))


class IdentityTest(unittest.TestCase):
    def test_no_placeholder_identity_anywhere(self) -> None:
        for path in sorted(PATCH_DIR.iterdir()):
            with self.subTest(file=path.name):
                found = PLACEHOLDER.findall(path.read_text())
                self.assertEqual(found, [], f"{path.name} names a placeholder identity")

    def test_repository_patches_name_no_person(self) -> None:
        for name in series_entries():
            text = (PATCH_DIR / name).read_text()
            with self.subTest(patch=name):
                self.assertTrue(text.startswith("Subject: [PATCH] "))
                changelog = text.split("\n---\n", 1)[0]
                self.assertEqual(PERSON_LINE.findall(changelog), [])
                self.assertNotRegex(text, r"(?m)^\+M:")

    def test_the_2015_rfc_is_credited(self) -> None:
        first = " ".join((PATCH_DIR / series_entries()[0]).read_text().split())
        cover = (PATCH_DIR / COVER_LETTER).read_text()
        for text in (first, " ".join(cover.split())):
            self.assertIn("Petr Mladek", text)
            self.assertIn("2015", text)
        self.assertIn("Link: https://patchwork.kernel.org/project/linux-nfs/patch/"
                      "1433516477-5153-8-git-send-email-pmladek@suse.cz/", cover)


class KunitSuiteTest(unittest.TestCase):
    def test_suite_leaves_the_global_freezer_alone(self) -> None:
        suite = added_lines((PATCH_DIR / KUNIT_PATCH).read_text(),
                            "kernel/kthread_iterant_test.c")
        self.assertIn("kunit_test_suite(", suite)
        for symbol in ("pm_nosig_freezing", "pm_freezing", "freezer_active", "__thaw_task",
                       "freeze_task", "freeze_processes", "thaw_processes",
                       "for_each_process_thread"):
            with self.subTest(symbol=symbol):
                self.assertNotRegex(suite, r"\b" + symbol + r"\b")


class ApiUsersTest(unittest.TestCase):
    """Every exported function and flag the series adds is used by a conversion, by the
    test module, or by the converter's output."""

    def test_every_export_and_flag_has_a_user(self) -> None:
        core, headers, users = "", "", ""
        for name in series_entries():
            text = (PATCH_DIR / name).read_text()
            for path, section in file_sections(text).items():
                added = changed_lines(section, "+") + "\n"
                if patch_number(name) >= FIRST_CONVERSION_NUMBER:
                    users += added
                elif path.startswith("include/linux/"):
                    headers += added
                else:
                    core += added
        api = set(re.findall(r"EXPORT_SYMBOL(?:_GPL)?\((\w+)\)", core))
        api |= set(re.findall(r"#define\s+(\w+)", headers))
        self.assertIn("kthread_iterant_create_on_node", api)
        self.assertIn("KTI_NONFREEZABLE", api)
        for symbol in sorted(api):
            with self.subTest(symbol=symbol):
                used = re.search(r"\b" + symbol + r"\b", users) or symbol in CONVERTER_USES
                self.assertTrue(used, f"{symbol} has no user outside the core patches")


class ConversionTest(unittest.TestCase):
    """Each reference conversion keeps the freezability of the kthread it converts and
    says which in its changelog; no changelog claims no change and then lists some."""

    def conversions(self) -> list:
        return [name for name in series_entries()
                if FIRST_CONVERSION_NUMBER <= patch_number(name) < TEST_MODULE_NUMBER
                and "struct kthread_iterant " in (PATCH_DIR / name).read_text()]

    def test_there_are_three(self) -> None:
        self.assertEqual(len(self.conversions()), 3)

    def test_freezability_is_kept_and_stated(self) -> None:
        for name in self.conversions():
            text = (PATCH_DIR / name).read_text()
            removed = "\n".join(changed_lines(s, "-") for s in file_sections(text).values())
            added = "\n".join(changed_lines(s, "+") for s in file_sections(text).values())
            with self.subTest(patch=name):
                was_freezable = "set_freezable();" in removed
                descriptions = re.findall(r"struct kthread_iterant \w+ = \{(.*?)\};", added,
                                          re.S)
                self.assertTrue(descriptions)
                for body in descriptions:
                    self.assertEqual("KTI_NONFREEZABLE" not in body, was_freezable, body)
                self.assertRegex(changelog(text), r"(?i)freezab")
                self.assertIn("set_freezable()", changelog(text))

    def test_no_changelog_denies_the_changes_it_lists(self) -> None:
        for name in series_entries():
            with self.subTest(patch=name):
                self.assertNotRegex(changelog((PATCH_DIR / name).read_text()),
                                    r"(?i)(no|none)[^.\n]*(behaviou?r )?changes?[^.\n]*intended"
                                    r"|changes in behaviou?r: none")

    def test_ring_buffer_waits_keep_hung_task_coverage(self) -> None:
        name = next(n for n in self.conversions() if "ring_buffer" in n)
        added = added_lines((PATCH_DIR / name).read_text(),
                            "kernel/trace/ring_buffer_benchmark.c")
        for forbidden in ("TASK_IDLE", "TASK_FREEZABLE", "try_to_freeze"):
            with self.subTest(forbidden=forbidden):
                self.assertNotIn(forbidden, added)
        # After a test error: stop iterating instead of waking every SLEEP_TIME seconds.
        self.assertRegex(added, r"if \(test_error\)\s+kthread_stop_current\(\);")


class CheckpatchTest(unittest.TestCase):
    def test_exported_series_is_checkpatch_strict_clean(self) -> None:
        checkpatch = TREE / "scripts" / "checkpatch.pl"
        self.assertTrue(checkpatch.is_file(), f"{checkpatch} missing: run `make tree` first")
        with tempfile.TemporaryDirectory() as tmp:
            who = Identity("Patch Exporter", "exporter@exporter.invalid")
            written = export_series([PATCH_DIR / name for name in series_entries()],
                                    PATCH_DIR / COVER_LETTER, Path(tmp) / "out", who)
            for path in written[1:]:
                with self.subTest(patch=path.name):
                    result = subprocess.run(
                        ["perl", str(checkpatch), "--strict", "--no-color", f"--root={TREE}",
                         str(path)],
                        capture_output=True, text=True, check=False)
                    self.assertEqual(result.returncode, 0, result.stdout[-2000:])
                    self.assertIn("total: 0 errors, 0 warnings, 0 checks", result.stdout)


if __name__ == "__main__":
    unittest.main()
