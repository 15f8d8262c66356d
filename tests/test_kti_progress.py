# SPDX-License-Identifier: GPL-2.0
"""Progress lines: redrawn on a terminal, plain and periodic in a log, nested stages."""
import io
import os
import time
import unittest
from unittest import mock

from kti import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class ProgressTest(unittest.TestCase):
    def test_terminal_redraws_one_line(self):
        out = Terminal()
        shown = progress.Progress(out)
        with shown.stage("spatch", 3):
            shown.advance()
            shown.advance(2)
        self.assertEqual(out.getvalue(), "\rspatch: 1/3 files, 0 s\033[K"
                                         "\rspatch: 3/3 files, 0 s\033[K\n")

    def test_log_gets_a_plain_line_per_interval_with_nested_stages(self):
        out = io.StringIO()
        shown = progress.Progress(out, interval=0.05)
        with shown.stage("resolve"):
            with shown.stage("second phase", 2):
                shown.advance()
                time.sleep(0.3)
        lines = out.getvalue().splitlines()
        self.assertGreaterEqual(len(lines), 2, lines)
        self.assertEqual(set(lines), {"kti-scan: resolve > second phase: 1/2 files, 0 s"})
        # No thread left printing once the last stage is closed.
        size = len(out.getvalue())
        time.sleep(0.2)
        self.assertEqual(len(out.getvalue()), size)

    def test_interval_from_the_environment(self):
        for value, expected in (("0.5", 0.5), ("0", 0.0), ("soon", 10.0), ("-3", 0.0)):
            with mock.patch.dict(os.environ, {"KTI_PROGRESS_INTERVAL": value}):
                self.assertEqual(progress.interval_from_env(), expected)
        out = io.StringIO()
        with mock.patch.dict(os.environ, {"KTI_PROGRESS_INTERVAL": "0"}):
            quiet = progress.Progress(out)
        with quiet.stage("spatch", 1):
            time.sleep(0.1)
        self.assertEqual(out.getvalue(), "")


if __name__ == "__main__":
    unittest.main()
