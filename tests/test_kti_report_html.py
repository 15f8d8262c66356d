# SPDX-License-Identifier: GPL-2.0
"""index.html in Debian's headless chromium at 1280x900: layout, filter, sort, URL state,
deep links.

The page is rendered from a small inventory written here by hand (long paths, names,
subsystems and reasons; two #ifdef twins sharing an id; an smpboot entry; an untied
candidate); every expected row and order below is worked out from that inventory by hand.
One more test scans the real tree (KSRC) with scripts/kti-scan and measures its page.
chromium and chromedriver are required: without them the tests fail (make check installs
them), they do not skip.
"""
import html.parser
import os
import subprocess
import unittest
from pathlib import Path
from typing import Dict, List, Optional

from scripts.kti import report_html
from scripts.kti.crosscheck import CrossCheck
from scripts.kti.inventory import Inventory
from scripts.kti.model import CreationSite, Failure, ThreadFunction
from tests import kti_support as ks
from tests.kti_webdriver import ENTER, Browser

TREE = Path(os.environ.get("KSRC", ks.PROJECT_ROOT / "build" / "linux-6.12"))
WIDTH, HEIGHT = 1280, 900

LONG_REASONS = [
    "the loop condition tests more than the stop check", "leaves the loop with break",
    "keeps 'total_bytes_written_since_the_last_commit' across iterations",
    "keeps 'pending_transactions' across iterations", "sets up 'journal' before the loop",
    "sets up 'superblock_info' before the loop", "returns from inside the loop",
    "keeps 'retry_count' across iterations", "sets up 'flags' before the loop",
    "keeps 'an_extremely_long_local_variable_name_that_has_no_break_opportunity_at_all"
    "_anywhere_in_it' across iterations",
]
AMD_FILE = ("drivers/gpu/drm/amd/display/amdgpu_dm/"
            "dm_helpers_with_a_rather_long_file_name_for_layout.c")


def thread(file: str, name: str, line: int, verdict: str, reasons: List[str], sites: int,
           subsystem: str, kind: str = "kthread", loop: str = "while-not-should-stop",
           wrapper_calls: int = 0, tied: bool = True, freezer: Optional[List[str]] = None,
           signals: Optional[List[str]] = None) -> ThreadFunction:
    return ThreadFunction(
        id=f"{file}:{name}", name=name, file=file, line=line, col=11, end_col=11 + len(name),
        end_line=line if kind == "smpboot" else line + 6, kind=kind, static=True,
        verdict=verdict, reasons=reasons, loop=loop, loop_line=None if kind == "smpboot"
        else line + 3, stop_predicate=None, freezer=freezer or [], parking=[],
        signals=signals or [], sleep=[], exit=[], persistent_locals=[], subsystem=subsystem,
        creation_sites=[f"{file}:{900 + i}:9" for i in range(sites)],
        wrapper_calls=[f"lib/wrap.c:{i + 1}:5" for i in range(wrapper_calls)], tied=tied)


FUNCTIONS = [
    thread("net/sunrpc/gamma.c", "gamma_svc_thread", 7, "care",
           ["returns from inside the loop"], 1, "NFS, SUNRPC, AND LOCKD SERVERS", kind="svc",
           signals=["allow_signal", "signal_pending"]),
    thread("drivers/md/dm-flush.c", "flush_worker", 120, "manual",
           ["loops forever without a stop check"], 1, "DEVICE-MAPPER (LVM)",
           loop="infinite-without-stop-check"),
    thread("fs/beta/gc.c", "beta_worker", 40, "care", LONG_REASONS, 1, "BETA FILE SYSTEM",
           wrapper_calls=1, freezer=["set_freezable", "try_to_freeze"]),
    thread("fs/beta/gc.c", "beta_poll", 100, "auto",
           ["single while-not-should-stop loop left only through the stop check"], 1,
           "BETA FILE SYSTEM"),
    thread("fs/beta/gc.c", "beta_poll", 140, "manual",
           ["no stop loop: the thread runs once and returns"], 1, "BETA FILE SYSTEM",
           loop="one-shot"),
    thread(AMD_FILE, "amdgpu_dm_hpd_poll_thread_with_a_long_name", 2345, "auto",
           ["single while-not-should-stop loop left only through the stop check"], 11,
           "AMD DISPLAY CORE AND DISPLAY MANAGER FOR RADEON AND AMDGPU GRAPHICS DRIVERS OF "
           "ALL GENERATIONS", wrapper_calls=1),
    thread("kernel/toy.c", "run_toyd", 50, "smpboot", ["the smpboot core owns the loop"], 0,
           "TOY SMPBOOT", kind="smpboot", loop="smpboot"),
    thread("lib/cand.c", "cand_thread", 12, "care", ["returns from inside the loop"], 0,
           "LIBRARY CODE", tied=False),
]

SOURCES = {
    "fs/beta/gc.c": {39: "/* the worker */", 40: "static int beta_worker(void *data)",
                     99: "#ifdef CONFIG_BETA_SLOW", 100: "static int beta_poll(void *data)",
                     139: "#else", 140: "static int beta_poll(void *data)"},
    "net/sunrpc/gamma.c": {7: "static int gamma_svc_thread(void *data)"},
}

ALL_NAMES = ["gamma_svc_thread", "flush_worker", "beta_worker", "beta_poll", "beta_poll",
             "amdgpu_dm_hpd_poll_thread_with_a_long_name", "run_toyd"]


def source(path: str) -> Optional[str]:
    if path == "drivers/md/dm-flush.c":
        return None
    lines = SOURCES.get(path, {})
    return "".join(lines.get(n, f"\t/* {path} {n} */") + "\n" for n in range(1, 3000))


def inventory() -> Inventory:
    site = CreationSite(id="x.c:1:1", file="x.c", line=1, col=1, end_col=2,
                        creator="kthread_run", arg="fn", arg_kind="param", in_function="f",
                        thread_kind="kthread", subsystem="X", reason="passes a parameter")
    return Inventory(tree_name="toy-tree", tree_head="0" * 40, cocci="cocci/k.cocci",
                     cocci_sha256="1" * 64, spatch_version="1.1.1", files_prefiltered=9,
                     files_second_phase=[], thread_functions=FUNCTIONS,
                     creation_sites=[site], wrapper_calls=[], api_internal_calls=0,
                     failures=[Failure(AMD_FILE.replace("/", "_") * 2, "crashed",
                                       "Fatal error: " + "x" * 300, "AMD DISPLAY")],
                     crosscheck=CrossCheck())


class _Ids(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: List[str] = []
        self.hrefs: List[str] = []
        self.external: List[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        values: Dict[str, Optional[str]] = dict(attrs)
        if values.get("id"):
            self.ids.append(values["id"] or "")
        if tag == "a":
            self.hrefs.append(values.get("href") or "")
        if tag in ("script", "img", "link", "iframe") and values.get("src", values.get("href")):
            self.external.append(tag)


class PageTextTest(unittest.TestCase):
    """The markup, without a browser."""

    def test_anchors_unique_and_links_resolve(self):
        parser = _Ids()
        parser.feed(report_html.render(inventory(), source))
        self.assertEqual(len(parser.ids), len(set(parser.ids)), "duplicate element ids")
        for href in parser.hrefs:
            self.assertTrue(href.startswith("#"), f"non-local link {href}")
            self.assertIn(href[1:], parser.ids, f"link {href} goes nowhere")
        self.assertEqual(parser.external, [])
        for stem in ("fs-beta-gc.c-beta_poll-L100", "fs-beta-gc.c-beta_poll-L140"):
            for prefix in ("kt-", "src-", "row-"):
                self.assertIn(prefix + stem, parser.ids)
        self.assertIn("kt-lib-cand.c-cand_thread", parser.ids)
        self.assertNotIn("row-lib-cand.c-cand_thread", parser.ids)
        self.assertNotIn("src-kernel-toy.c-run_toyd", parser.ids)

    def test_series_links(self):
        """make patches' series/series.json: a link in the converted row, a list of series."""
        series = [{"slug": "dm", "title": "dm: Convert flush_worker()", "section": "DM",
                   "page": "dm.html", "patches": 1,
                   "thread_functions": {"drivers/md/dm-flush.c:flush_worker":
                                        "drivers-md-dm-flush.c-flush_worker"}}]
        page = report_html.render(inventory(), source, series)
        self.assertEqual(page.count('class="conv"'), 1)
        self.assertIn('<a class="conv" href="series/dm.html#kt-drivers-md-dm-flush.c-flush_worker"',
                      page)
        self.assertIn('<h2 id="series">Conversion series</h2>', page)
        self.assertIn('<a href="series/dm.html">dm: Convert flush_worker()</a>', page)
        plain = report_html.render(inventory(), source)
        self.assertNotIn('class="conv"', plain)
        self.assertNotIn('id="series"', plain)

    def test_anchor_stems_from_ids(self):
        self.assertEqual(report_html.anchors(FUNCTIONS[:4]), [
            "net-sunrpc-gamma.c-gamma_svc_thread", "drivers-md-dm-flush.c-flush_worker",
            "fs-beta-gc.c-beta_worker", "fs-beta-gc.c-beta_poll"])
        twins = [FUNCTIONS[3], FUNCTIONS[4], FUNCTIONS[4]]
        self.assertEqual(report_html.anchors(twins), [
            "fs-beta-gc.c-beta_poll-L100", "fs-beta-gc.c-beta_poll-L140",
            "fs-beta-gc.c-beta_poll-L140-2"])


class BrowserPageTest(unittest.TestCase):
    """The page from the hand-written inventory, driven like a person would."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = ks.TempDir()
        page = cls.tmp.path / "index.html"
        page.write_text(report_html.render(inventory(), source))
        cls.page_url = page.as_uri()
        cls.browser = Browser(WIDTH, HEIGHT)

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.tmp.__exit__()

    def open(self, tail: str = "") -> None:
        self.browser.open("about:blank")
        self.browser.open(self.page_url + tail)

    def names(self) -> List[str]:
        return self.browser.texts("#kt-table tbody tr td:first-child")

    def files(self) -> List[str]:
        return [t.replace("\n", "") for t in self.browser.texts(
            "#kt-table tbody tr td:nth-child(2)")]

    def shown(self) -> str:
        return self.browser.run("return document.getElementById('shown').textContent;")

    def in_viewport(self, css: str) -> bool:
        return self.browser.run(
            "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
            "return r.height > 0 && r.top > -1 && r.top < window.innerHeight;", css)

    def test_opens_with_every_tied_row(self):
        self.open()
        self.assertEqual(self.names(), ALL_NAMES)
        self.assertEqual(self.shown(), "7 of 7 shown")

    def test_fits_1280_with_reasons_visible(self):
        self.open()
        got = self.browser.run(
            "const doc = document.documentElement, width = doc.clientWidth;"
            "const cells = Array.from(document.querySelectorAll('#kt-table td.reasons'));"
            "const text = document.createRange();"
            "const worst = Math.max(...cells.map(c => {text.selectNodeContents(c);"
            " return Math.max(c.getBoundingClientRect().right,"
            "  text.getBoundingClientRect().right);}));"
            "const head = document.querySelector('th[data-col=reasons]').getBoundingClientRect();"
            "const lines = th => {let n = 0;"
            " const walk = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);"
            " while (walk.nextNode()) {text.selectNodeContents(walk.currentNode);"
            "  n += text.getClientRects().length;} return n;};"
            "const broken = Array.from(document.querySelectorAll('th'))"
            " .filter(th => lines(th) !== 1);"
            "return {inner: window.innerWidth, width: width, scroll: doc.scrollWidth,"
            " worst: worst, left: head.left, cellWidth: head.width, cells: cells.length,"
            " headers: document.querySelectorAll('th').length,"
            " broken: broken.map(th => th.textContent)};")
        self.assertEqual(got["inner"], WIDTH)
        self.assertEqual(got["cells"], 7)
        self.assertLessEqual(got["scroll"], got["width"], "the page scrolls sideways")
        self.assertLessEqual(got["worst"], got["width"], "reasons text beyond the viewport")
        self.assertGreaterEqual(got["left"], 0)
        self.assertGreaterEqual(got["cellWidth"], 200, "reasons column squeezed")
        self.assertEqual(got["headers"], 10 + 5 + 3)
        self.assertEqual(got["broken"], [], "headers wrapped")

    def test_filter_by_verdict(self):
        self.open()
        self.browser.click(self.browser.find("#verdict option[value=care]"))
        self.assertEqual(self.names(), ["gamma_svc_thread", "beta_worker"])
        self.assertEqual(self.shown(), "2 of 7 shown")
        self.assertIn("verdict=care", self.browser.url())
        self.browser.click(self.browser.find("#verdict option[value=smpboot]"))
        self.assertEqual(self.names(), ["run_toyd"])

    def test_filter_by_text(self):
        self.open()
        self.browser.keys(self.browser.find("#q"), "dm")
        self.assertEqual(self.names(), ["flush_worker",
                                        "amdgpu_dm_hpd_poll_thread_with_a_long_name"])
        self.assertIn("q=dm", self.browser.url())
        self.browser.keys(self.browser.find("#q"), "-flush")
        self.assertEqual(self.names(), ["flush_worker"])
        self.browser.click(self.browser.find("#reset"))
        self.assertEqual(self.names(), ALL_NAMES)
        self.assertNotIn("?", self.browser.url())

    def test_sort_by_click_enter_and_space(self):
        self.open()
        self.browser.click(self.browser.find("th[data-col=file] button"))
        self.assertEqual(self.names(), [
            "amdgpu_dm_hpd_poll_thread_with_a_long_name", "flush_worker", "beta_worker",
            "beta_poll", "beta_poll", "run_toyd", "gamma_svc_thread"])
        self.assertEqual(self.files()[2:5], ["fs/beta/gc.c:40", "fs/beta/gc.c:100",
                                             "fs/beta/gc.c:140"])
        name = self.browser.find("th[data-col=name] button")
        self.browser.keys(name, ENTER)
        self.assertEqual(self.names(), [
            "amdgpu_dm_hpd_poll_thread_with_a_long_name", "beta_poll", "beta_poll",
            "beta_worker", "flush_worker", "gamma_svc_thread", "run_toyd"])
        self.assertEqual(self.browser.run(
            "return document.querySelector('th[data-col=name]').getAttribute('aria-sort');"),
            "ascending")
        self.browser.keys(name, ENTER)
        self.assertEqual(self.names(), [
            "run_toyd", "gamma_svc_thread", "flush_worker", "beta_worker", "beta_poll",
            "beta_poll", "amdgpu_dm_hpd_poll_thread_with_a_long_name"])
        self.assertIn("sort=name%3Adesc", self.browser.url())
        focus = self.browser.run(
            "const e = document.activeElement;"
            "return [e.closest('th').dataset.col, getComputedStyle(e).outlineStyle];")
        self.assertEqual(focus, ["name", "solid"])
        self.browser.keys(self.browser.find("th[data-col=sites] button"), " ")
        self.assertEqual(self.names(), [
            "run_toyd", "gamma_svc_thread", "flush_worker", "beta_poll", "beta_poll",
            "beta_worker", "amdgpu_dm_hpd_poll_thread_with_a_long_name"])
        self.assertEqual(self.browser.run(
            "return Array.from(document.querySelectorAll('th[aria-sort]'))"
            ".map(th => th.dataset.col);"), ["sites"])

    def test_state_in_url_restores_the_view(self):
        self.open()
        self.browser.keys(self.browser.find("#q"), "beta")
        self.browser.click(self.browser.find("#kind option[value=kthread]"))
        self.browser.click(self.browser.find("th[data-col=name] button"))
        self.browser.click(self.browser.find("th[data-col=name] button"))
        expected = ["beta_worker", "beta_poll", "beta_poll"]
        self.assertEqual(self.names(), expected)
        shared = self.browser.url()
        for part in ("q=beta", "kind=kthread", "sort=name%3Adesc"):
            self.assertIn(part, shared)
        self.browser.open("about:blank")
        self.browser.open(shared)
        self.assertEqual(self.names(), expected)
        self.assertEqual(self.files(), ["fs/beta/gc.c:40", "fs/beta/gc.c:100",
                                        "fs/beta/gc.c:140"])
        self.assertEqual(self.browser.run(
            "const v = id => document.getElementById(id).value;"
            "return [v('q'), v('kind'), v('verdict'), document.querySelector("
            "'th[data-col=name]').getAttribute('aria-sort')];"),
            ["beta", "kthread", "", "descending"])

    def test_hand_written_url(self):
        self.open("?verdict=care&sort=file:desc")
        self.assertEqual(self.names(), ["gamma_svc_thread", "beta_worker"])
        self.open("?verdict=nonsense&sort=bogus:asc")
        self.assertEqual(self.names(), ALL_NAMES)

    def test_file_link_goes_to_excerpt(self):
        self.open()
        self.browser.click(self.browser.find("#row-net-sunrpc-gamma\\.c-gamma_svc_thread "
                                             "td:nth-child(2) a"))
        self.assertTrue(self.browser.url().endswith("#src-net-sunrpc-gamma.c-gamma_svc_thread"))
        self.assertTrue(self.in_viewport("#src-net-sunrpc-gamma\\.c-gamma_svc_thread"))
        self.browser.click(self.browser.find("#row-kernel-toy\\.c-run_toyd td:nth-child(2) a"))
        self.assertTrue(self.browser.url().endswith("#kt-kernel-toy.c-run_toyd"))

    def test_deep_link_to_excerpt_and_back(self):
        self.open("#src-fs-beta-gc.c-beta_poll-L140")
        figure = "#src-fs-beta-gc\\.c-beta_poll-L140"
        self.assertTrue(self.in_viewport(figure))
        self.assertGreater(self.browser.run("return window.scrollY;"), 0)
        code = self.browser.texts(figure + " pre")[0]
        self.assertIn("  139  #else\n  140  static int beta_poll(void *data)", code)
        self.assertNotIn("CONFIG_BETA_SLOW", code)
        self.browser.click(self.browser.find(figure + " a.back"))
        self.assertTrue(self.browser.url().endswith("#row-fs-beta-gc.c-beta_poll-L140"))
        self.assertTrue(self.in_viewport("#row-fs-beta-gc\\.c-beta_poll-L140"))

    def test_back_link_to_a_filtered_out_row(self):
        self.open("?verdict=auto#src-fs-beta-gc.c-beta_worker")
        self.assertEqual(self.names(), ["beta_poll",
                                        "amdgpu_dm_hpd_poll_thread_with_a_long_name"])
        self.browser.click(self.browser.find("#src-fs-beta-gc\\.c-beta_worker a.back"))
        self.assertTrue(self.in_viewport("#row-fs-beta-gc\\.c-beta_worker"))
        self.assertEqual(self.names(), ALL_NAMES)
        self.assertNotIn("verdict=", self.browser.url())


class RealReportTest(unittest.TestCase):
    """scripts/kti-scan on KSRC, then its index.html at 1280 px."""

    def test_real_page_does_not_scroll_sideways(self):
        self.assertTrue((TREE / "Makefile").is_file(),
                        f"no kernel tree at {TREE}: run make tree, or set KSRC")
        with ks.TempDir() as tmp, Browser(WIDTH, HEIGHT) as browser:
            out = tmp / "report"
            proc = subprocess.run([str(ks.PROJECT_ROOT / "scripts" / "kti-scan"), "--tree",
                                   str(TREE), "--out", str(out)],
                                  capture_output=True, text=True, timeout=1800)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            browser.open((out / "index.html").as_uri())
            got = browser.run(
                "const doc = document.documentElement;"
                "const head = document.querySelector('th[data-col=reasons]');"
                "return {width: doc.clientWidth, scroll: doc.scrollWidth,"
                " right: head.getBoundingClientRect().right,"
                " rows: document.querySelectorAll('#kt-table tbody tr').length};")
        self.assertGreater(got["rows"], 100)
        self.assertLessEqual(got["scroll"], got["width"], "the page scrolls sideways")
        self.assertLessEqual(got["right"], got["width"], "reasons column beyond the viewport")


if __name__ == "__main__":
    unittest.main()
