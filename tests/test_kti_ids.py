# SPDX-License-Identifier: GPL-2.0
"""Thread function ids: the name is read the same way everywhere (a "file:name:line" id once
made make patches write "Convert 126() to the iterant kthread API"; tests/test_kti_patches.py
checks the subjects)."""
import unittest

from tests import kti_support  # noqa: F401  (puts scripts/ on sys.path)
from kti.ids import file_and_name, function_id, key_of, name_of
from kti.verify.model import Unit


class NameTest(unittest.TestCase):
    def test_both_forms(self):
        self.assertEqual(name_of("drivers/md/dm-delay.c:flush_worker_fn:126"), "flush_worker_fn")
        self.assertEqual(name_of("drivers/md/dm-delay.c:flush_worker_fn"), "flush_worker_fn")

    def test_key_and_id_round_trip(self):
        self.assertEqual(key_of("kernel/trace/trace_osnoise.c:timerlat_main:1840"),
                         ("kernel/trace/trace_osnoise.c", "timerlat_main", 1840))
        self.assertEqual(function_id(("mm/ksm.c", "ksm_scan_thread", 2766)),
                         "mm/ksm.c:ksm_scan_thread:2766")
        with self.assertRaises(ValueError):
            key_of("mm/ksm.c:ksm_scan_thread")

    def test_file_and_name_with_or_without_the_line(self):
        self.assertEqual(file_and_name("mm/ksm.c:ksm_scan_thread:2766"),
                         ("mm/ksm.c", "ksm_scan_thread"))
        self.assertEqual(file_and_name("mm/ksm.c:ksm_scan_thread"),
                         ("mm/ksm.c", "ksm_scan_thread"))
        with self.assertRaises(ValueError):
            file_and_name("mm/ksm.c:ksm_scan_thread:")

    def test_not_an_id(self):
        for bad in ("dm-delay.c", "dm-delay.c:126", "dm-delay.c:f:12:3", ""):
            with self.subTest(bad=bad), self.assertRaises(ValueError):
                name_of(bad)

    def test_units_name_their_functions(self):
        ids = ("kernel/audit.c:kauditd_thread:842", "mm/ksm.c:ksm_scan_thread:2766")
        unit = Unit(ids[0], ids, "", ("kernel/audit.c", "mm/ksm.c"))
        self.assertEqual(unit.old_names, ("kauditd_thread", "ksm_scan_thread"))


if __name__ == "__main__":
    unittest.main()
