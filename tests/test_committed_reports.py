# SPDX-License-Identifier: GPL-2.0
"""The reports committed under reports/linux-6.12 agree with each other: every verified
thread function of conversions.json is in exactly one series of series.json, and every link
between index.html and the series pages lands on an element that exists."""
import json
import re
import unittest
from pathlib import Path

REPORTS = Path(__file__).resolve().parent.parent / "reports" / "linux-6.12"
SERIES = REPORTS / "series"


def ids_of(page: Path) -> set:
    return set(re.findall(r'\bid="([^"]+)"', page.read_text()))


@unittest.skipUnless((SERIES / "series.json").is_file(), "make patches has not run here")
class CommittedReports(unittest.TestCase):
    def test_verified_thread_functions_are_in_one_series_each(self):
        units = json.loads((REPORTS / "conversions.json").read_text())["units"]
        verified = sorted(tf for u in units if u["verdict"] == "verified"
                          for tf in u["thread_functions"])
        series = json.loads((SERIES / "series.json").read_text())["series"]
        listed = sorted(tf for s in series for tf in s["thread_functions"])
        self.assertEqual(listed, verified)
        self.assertEqual(sum(s["patches"] for s in series),
                         sum(1 for u in units if u["verdict"] == "verified"))

    def test_links_land_on_existing_anchors(self):
        index = REPORTS / "index.html"
        index_ids = ids_of(index)
        links = re.findall(r'href="series/([^"#]+)#([^"]+)"', index.read_text())
        self.assertTrue(links, "index.html links no series page")
        pages = {}
        for page, anchor in links:
            pages.setdefault(page, ids_of(SERIES / page))
            self.assertIn(anchor, pages[page], f"index.html -> {page}#{anchor}")
        for page in sorted(SERIES.glob("*.html")):
            for anchor in re.findall(r'href="\.\./index\.html#([^"]+)"', page.read_text()):
                self.assertIn(anchor, index_ids, f"{page.name} -> index.html#{anchor}")


if __name__ == "__main__":
    unittest.main()
