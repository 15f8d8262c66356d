# SPDX-License-Identifier: GPL-2.0
"""MAINTAINERS parsing and most-specific-match selection."""
import unittest

from kti import maintainers as mt

SAMPLE = """\
Descriptions of section entries and preferred order
	F: *Files* and directories wildcard patterns.

3C59X NETWORK DRIVER
M:	Someone <s@example.org>
F:	drivers/net/ethernet/3com/3c59x.c

NETWORKING DRIVERS
M:	Net <n@example.org>
F:	drivers/net/
X:	drivers/net/wireless/

WIRELESS DRIVERS
F:	drivers/net/wireless/

SUNRPC HEADERS
F:	include/linux/sunrpc/*

ARCH KVM
F:	arch/*/kvm/

THE REST
M:	Linus <l@example.org>
F:	*
F:	*/
"""


class MaintainersTest(unittest.TestCase):
    def setUp(self):
        self.m = mt.Maintainers(mt.parse(SAMPLE))

    def test_preamble_is_not_a_section(self):
        self.assertNotIn("Descriptions of section entries and preferred order",
                         [s.name for s in self.m.sections])

    def test_exact_file_beats_directory(self):
        self.assertEqual(self.m.subsystem("drivers/net/ethernet/3com/3c59x.c"),
                         "3C59X NETWORK DRIVER")
        self.assertEqual(self.m.subsystem("drivers/net/ethernet/3com/other.c"),
                         "NETWORKING DRIVERS")

    def test_exclude_hands_over_to_next_match(self):
        self.assertEqual(self.m.subsystem("drivers/net/wireless/ath/x.c"), "WIRELESS DRIVERS")

    def test_star_pattern_covers_one_directory_level(self):
        self.assertEqual(self.m.subsystem("include/linux/sunrpc/svc.h"), "SUNRPC HEADERS")
        self.assertEqual(self.m.subsystem("include/linux/sunrpc/deep/x.h"), "THE REST")

    def test_glob_in_directory_pattern(self):
        self.assertEqual(self.m.subsystem("arch/x86/kvm/x86.c"), "ARCH KVM")

    def test_fallback_and_unknown(self):
        self.assertEqual(self.m.subsystem("kernel/kthread.c"), "THE REST")
        self.assertEqual(mt.Maintainers([]).subsystem("kernel/kthread.c"), mt.UNKNOWN)

    def test_directory_named_without_slash(self):
        m = mt.Maintainers(mt.parse("A\nF:\tfs/jffs2\n\nB\nF:\tfs/\n"))
        self.assertEqual(m.subsystem("fs/jffs2/background.c"), "A")
        self.assertEqual(m.subsystem("fs/jffs2x/a.c"), "B")


if __name__ == "__main__":
    unittest.main()
