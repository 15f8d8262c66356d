# SPDX-License-Identifier: GPL-2.0
"""make patches end to end on the hand-written fixture (tests/patches/fixture: dm-delay's
and dm-log-writes' workers, khugepaged), run twice: byte-identical output, what git am,
checkpatch --strict and b4 say, the mails a maintainer receives, and the review pages in
Debian's headless chromium (content, filters, links to and from index.html).

Expected values are worked out by hand from MAINTAINERS, kernel-patches/series and the
fixture.  chromium, chromedriver and b4 are required (make deps installs them).
"""
import os
import re
import shutil
import subprocess
import unittest
from pathlib import Path
from typing import Dict

from scripts.kti.boot.series import read_series
from tests import kti_support as ks
from tests.kti_webdriver import ELEMENT, Browser

TREE = Path(os.environ.get("KSRC", ks.PROJECT_ROOT / "build" / "linux-6.12"))
FIXTURE = ks.PROJECT_ROOT / "tests" / "patches" / "fixture"
CLI = ks.PROJECT_ROOT / "scripts" / "kti-patches"
NAME, EMAIL = "Kti Tester", "kti-tester@patches.test"
DM, MM = "device-mapper-lvm", "memory-management"
DELAY_STEM = "drivers-md-dm-delay.c-flush_worker_fn-126"
LOG_STEM = "drivers-md-dm-log-writes.c-log_writes_kthread-430"
RUNS: Dict[str, Path] = {}
TMP = None


def run_cli(out: Path, reports: Path, **env: str) -> subprocess.CompletedProcess:
    full = ks.environ_with(GIT_AUTHOR_NAME=NAME, GIT_AUTHOR_EMAIL=EMAIL)
    full.update(env)
    for key in [k for k, v in env.items() if v == ""]:
        del full[key]
    return subprocess.run([str(CLI), "--tree", str(TREE), "--conversions",
                           str(FIXTURE / "conversions.json"), "--unit-patches",
                           str(FIXTURE / "units"), "--cocci-root", str(FIXTURE),
                           "--out", str(out), "--reports", str(reports)],
                          capture_output=True, text=True, env=full, timeout=3000)


def reports_copy(where: Path) -> Path:
    where.mkdir(parents=True)
    shutil.copy(ks.PROJECT_ROOT / "reports" / "linux-6.12" / "inventory.json", where)
    return where


def setUpModule():
    global TMP
    TMP = ks.TempDir()
    for run in ("one", "two"):
        out, reports = TMP.path / run / "patches", reports_copy(TMP.path / run / "reports")
        proc = run_cli(out, reports)
        if proc.returncode != 0:
            raise AssertionError(f"kti-patches failed ({proc.returncode}): {proc.stdout}"
                                 f"{proc.stderr}")
        RUNS[run] = TMP.path / run
    RUNS["stdout"] = Path(proc.stdout)


def tearDownModule():
    TMP.__exit__()


def files_of(folder: Path) -> Dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def mail(series: str, number: int) -> str:
    folder = RUNS["one"] / "patches" / series
    return next(folder.glob(f"{number:04d}-*.patch")).read_text()


class SeriesOnDiskTest(unittest.TestCase):
    def test_two_runs_are_byte_identical(self):
        for part in ("patches", "reports"):
            one, two = files_of(RUNS["one"] / part), files_of(RUNS["two"] / part)
            self.assertEqual(sorted(one), sorted(two))
            for name in one:
                self.assertEqual(one[name], two[name], f"{part}/{name} differs between runs")

    def test_one_series_per_maintainers_entry(self):
        out = RUNS["one"] / "patches"
        self.assertEqual(sorted(p.name for p in out.iterdir()),
                         ["MANIFEST", DM, MM, "series.json"])
        self.assertEqual([p.name[:5] for p in sorted((out / DM).iterdir())],
                         ["0000-", "0001-", "0002-"])
        self.assertEqual([p.name[:5] for p in sorted((out / MM).iterdir())], ["0000-", "0001-"])
        self.assertIn("2 series, 3 patches", str(RUNS["stdout"]))

    def test_git_am_checkpatch_b4_pass(self):
        self.assertIn("git am: 2 of 2 series pass", str(RUNS["stdout"]))
        self.assertIn("checkpatch --strict: 3 of 3 patches pass", str(RUNS["stdout"]))
        self.assertIn("b4 am: 2 of 2 series pass", str(RUNS["stdout"]))
        patches = sorted((RUNS["one"] / "patches").glob("*/000[1-9]-*.patch"))
        self.assertEqual(len(patches), 3)
        proc = subprocess.run(["perl", "scripts/checkpatch.pl", "--strict", "--no-summary",
                               "--terse", *map(str, patches)], cwd=TREE, capture_output=True,
                              text=True)
        self.assertEqual((proc.returncode, proc.stdout), (0, ""))

    def test_identity_and_threading(self):
        for series, count in ((DM, 2), (MM, 1)):
            cover_id = re.search(r"(?m)^Message-ID: (<.*>)$", mail(series, 0)).group(1)
            for number in range(count + 1):
                text = mail(series, number)
                self.assertIn(f"\nFrom: {NAME} <{EMAIL}>\n", text)
                self.assertNotRegex(text, r"example\.(org|com)|localhost")
                if number:
                    self.assertIn(f"In-Reply-To: {cover_id}\nReferences: {cover_id}\n", text)
                    changelog = text.split("\n---\n")[0]
                    self.assertTrue(changelog.endswith(f"\nSigned-off-by: {NAME} <{EMAIL}>"))

    def test_dm_cover_letter(self):
        text = mail(DM, 0)
        head = text.split("\n\n")[0]
        self.assertIn("Subject: [PATCH 0/2] dm: Convert 2 kthreads to the iterant kthread API",
                      head)
        self.assertIn("To: Alasdair Kergon <agk@redhat.com>,\n    Mike Snitzer "
                      "<snitzer@kernel.org>,\n    Mikulas Patocka <mpatocka@redhat.com>\n"
                      "Cc: dm-devel@lists.linux.dev,\n    linux-kernel@vger.kernel.org", head)
        self.assertIn("1. flush_worker_fn() in drivers/md/dm-delay.c\n"
                      "     risk flags: freezability", text)
        self.assertIn("2. log_writes_kthread() in drivers/md/dm-log-writes.c\n"
                      "     risk flags: freezability, state-in-context,\n"
                      "     freezer-call-kept-in-func", text)
        self.assertIn('depends on the series "kthread: Add API for iterant kthreads"',
                      " ".join(text.split()))
        self.assertRegex(text, r"\n drivers/md/dm-delay\.c +\| +\d+ [+-]+\n")
        self.assertRegex(text, r"\n 2 files changed, \d+ insertions\(\+\), \d+ deletions")
        head_commit = subprocess.run(["git", "-C", str(TREE), "rev-parse", "HEAD"],
                                     capture_output=True, text=True).stdout.strip()
        self.assertIn(f"\nbase-commit: {head_commit}\n", text)
        core = len(read_series(ks.PROJECT_ROOT / "kernel-patches"))
        self.assertEqual(len(re.findall(r"(?m)^prerequisite-patch-id: [0-9a-f]{40}$", text)),
                         core)
        self.assertIn("Subject: [PATCH 1/2] dm delay: Convert flush_worker_fn() to the "
                      "iterant kthread API\n", mail(DM, 1))
        self.assertIn("Subject: [PATCH 2/2] dm log writes: Convert log_writes_kthread() to "
                      "the iterant kthread API\n", mail(DM, 2))
        self.assertIn("Subject: [PATCH 1/1] mm/khugepaged: Convert khugepaged() to the "
                      "iterant kthread API\n", mail(MM, 1))
        self.assertIn("To: Andrew Morton <akpm@linux-foundation.org>\n", mail(MM, 1))


class RefusalTest(unittest.TestCase):
    def test_no_identity_stops_before_writing(self):
        with ks.TempDir() as tmp:
            proc = run_cli(tmp / "out", reports_copy(tmp / "rep"), GIT_AUTHOR_NAME="",
                           GIT_AUTHOR_EMAIL="", GIT_CONFIG_GLOBAL="/dev/null",
                           GIT_CONFIG_NOSYSTEM="1", HOME=str(tmp))
            self.assertEqual(proc.returncode, 2, proc.stdout + proc.stderr)
            self.assertIn("no git identity to sign the patches with", proc.stderr)
            self.assertFalse((tmp / "out").exists())
            self.assertEqual(sorted(p.name for p in (tmp / "rep").iterdir()),
                             ["inventory.json"])

    def test_never_writes_inside_the_tree_or_over_foreign_files(self):
        with ks.TempDir() as tmp:
            proc = run_cli(TREE / "kti-patches-out", reports_copy(tmp / "rep"))
            self.assertEqual(proc.returncode, 2)
            self.assertIn("is inside the kernel tree", proc.stderr)
            self.assertFalse((TREE / "kti-patches-out").exists())
            (tmp / "out").mkdir()
            (tmp / "out" / "my-notes.txt").write_text("keep me\n")
            proc = run_cli(tmp / "out", tmp / "rep")
            self.assertEqual(proc.returncode, 2)
            self.assertIn("not written by make patches", proc.stderr)
            self.assertEqual((tmp / "out" / "my-notes.txt").read_text(), "keep me\n")


class ReviewPageTest(unittest.TestCase):
    """The pages of the first run in headless chromium at 1280x900."""

    @classmethod
    def setUpClass(cls):
        cls.reports = RUNS["one"] / "reports"
        cls.browser = Browser(1280, 900)

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()

    def open(self, page: str, tail: str = "") -> None:
        self.browser.open("about:blank")
        self.browser.open((self.reports / page).as_uri() + tail)

    def shown(self, css: str):
        return self.browser.texts(css)

    def test_content_shown(self):
        self.open(f"series/{DM}.html")
        width = self.browser.run("return [document.documentElement.scrollWidth,"
                                 " document.documentElement.clientWidth];")
        self.assertLessEqual(width[0], width[1], "the page scrolls sideways")
        self.assertEqual(self.shown("#kt-table tbody td:first-child"),
                         ["flush_worker_fn()", "log_writes_kthread()"])
        self.assertEqual(self.shown("#kt-table tbody td:nth-child(4)"),
                         ["freezability",
                          "freezability state-in-context freezer-call-kept-in-func"])
        self.assertEqual(self.shown("#kt-table tbody td:nth-child(3)"), ["auto", "auto"])
        self.assertEqual(self.shown("#kt-table tbody td:nth-child(5)"),
                         ["fits better", "fits better"])
        section = f'[id="kt-{DELAY_STEM}"]'
        checks = self.shown(f"{section} table.checks tbody td:nth-child(2)")
        self.assertEqual(checks, ["pass"] * 8)
        self.assertIn("freezability is a decision of the conversion",
                      " ".join(self.shown(f"{section} ul li")))
        removed = self.shown(f"{section} table.sbs td.del")
        added = self.shown(f"{section} table.sbs td.ins")
        self.assertIn("static int flush_worker_fn(void *data)", removed)
        self.assertIn("static void flush_worker_fn_func(void *data)", added)
        self.assertIn("\t.type = KTI_NONFREEZABLE,", added)
        self.assertIn("kthread_iterant_run",
                      self.shown(f"{section} table.sbs td.ins span.c-api"))
        self.assertIn("Signed-off-by: Kti Tester <kti-tester@patches.test>",
                      self.browser.run("return arguments[0].textContent;",
                                       {ELEMENT: self.browser.find(f"{section} pre.msg")}))

    def test_filters_and_url_state(self):
        self.open(f"series/{DM}.html")
        self.browser.run("var s=document.getElementById('risk');s.value='state-in-context';"
                         "s.dispatchEvent(new Event('change'));")
        self.assertEqual(self.shown("#kt-table tbody td:first-child"), ["log_writes_kthread()"])
        self.assertEqual(self.shown("section.kt h3 a"), ["log_writes_kthread()"])
        self.assertIn("?risk=state-in-context", self.browser.url())
        self.open(f"series/{DM}.html", "?worker=nofit")
        self.assertEqual(self.shown("#kt-table tbody td:first-child"), [])
        self.assertEqual(self.shown("#shown"), ["0 of 2 kthreads shown"])
        self.open(f"series/{MM}.html", "?worker=nofit")
        self.assertEqual(self.shown("#kt-table tbody td:first-child"), ["khugepaged()"])
        self.open(f"series/{DM}.html", f"?q=khugepaged#kt-{LOG_STEM}")
        self.assertEqual(self.shown("#shown"), ["2 of 2 kthreads shown"],
                         "a link to a hidden kthread must show it")

    def test_links_between_inventory_and_series(self):
        self.open("index.html", "?q=dm-delay")
        link = self.browser.find(f'[id="row-{DELAY_STEM}"] a.conv')
        self.browser.click(link)
        self.assertTrue(self.browser.url().endswith(f"series/{DM}.html#kt-{DELAY_STEM}"),
                        self.browser.url())
        top = self.browser.run(f"return document.getElementById('kt-{DELAY_STEM}')"
                               ".getBoundingClientRect().top;")
        self.assertLess(abs(top), 5)
        self.browser.click(self.browser.find(f'[id="kt-{DELAY_STEM}"] a.back'))
        self.assertTrue(self.browser.url().endswith(f"index.html#row-{DELAY_STEM}"))
        self.assertEqual(self.shown(f'[id="row-{DELAY_STEM}"] td:first-child')[0].split("\n")[0],
                         "flush_worker_fn")
        self.open("index.html")
        self.assertEqual(self.shown("#series + p + table tbody td:first-child"), [
            "dm: Convert 2 kthreads to the iterant kthread API",
            "mm/khugepaged: Convert khugepaged() to the iterant kthread API"])
        self.assertEqual(self.browser.run(
            "return Array.from(document.querySelectorAll('a.conv')).map("
            "a => a.getAttribute('href'));"), [
            f"series/{DM}.html#kt-{DELAY_STEM}", f"series/{DM}.html#kt-{LOG_STEM}",
            f"series/{MM}.html#kt-mm-khugepaged.c-khugepaged-2585"])


if __name__ == "__main__":
    unittest.main()
