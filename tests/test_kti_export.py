# SPDX-License-Identifier: GPL-2.0
"""make export-series / scripts/kti-export-series: the exported copy is signed by the git
identity of whoever runs it, and without an identity nothing is written."""
import subprocess
import tempfile
import textwrap
import unittest
from pathlib import Path

from kti.export import ExportError, Identity, export_series, parse_repo_patch, sign

PROJECT = Path(__file__).resolve().parents[1]
CLI = PROJECT / "scripts" / "kti-export-series"

PATCH = textwrap.dedent("""\
    Subject: [PATCH] kthread: Add a thing that needs a subject line long
     enough to be folded

    Why the thing is needed.

    Link: https://patchwork.kernel.org/x/
    ---
     kernel/kthread.c | 1 +
     1 file changed, 1 insertion(+)

    diff --git a/kernel/kthread.c b/kernel/kthread.c
    --- a/kernel/kthread.c
    +++ b/kernel/kthread.c
    @@ -1 +1,2 @@
     int a;
    +int b;
    -- 
    2.39.5
    """)
COVER = "Title: kthread: The series\n\nWhat it does.\n"


def write_series(root: Path) -> Path:
    patches = root / "patches"
    patches.mkdir()
    (patches / "0001-kthread-Add-a-thing.patch").write_text(PATCH)
    (patches / "0030-jffs2-Convert.patch").write_text(
        PATCH.replace("Add a thing that needs", "Convert").replace(
            "\nLink: https://patchwork.kernel.org/x/\n", "\nNo trailer here.\n"))
    (patches / "series").write_text("0001-kthread-Add-a-thing.patch\n0030-jffs2-Convert.patch\n")
    (patches / "cover-letter.txt").write_text(COVER)
    return patches


def run_cli(root: Path, gitconfig: str, out: Path) -> subprocess.CompletedProcess:
    """The CLI with a HOME of its own: only the identity written here is configured."""
    home = root / "home"
    home.mkdir(exist_ok=True)
    (home / ".gitconfig").write_text(gitconfig)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run([str(CLI), "--out", str(out), "--patches", str(root / "patches")],
                          cwd=root, env=env, capture_output=True, text=True)


class ExportCliTest(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        self.root = Path(self.tmp.name)
        write_series(self.root)
        self.out = self.root / "out"

    def tearDown(self) -> None:
        self.tmp.cleanup()

    def test_signed_with_the_configured_identity(self) -> None:
        proc = run_cli(self.root, "[user]\n\tname = Ada Lovelace\n\temail = ada@analytical.invalid\n",
                       self.out)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        names = sorted(p.name for p in self.out.iterdir())
        self.assertEqual(names, ["0000-cover-letter.patch", "0001-kthread-Add-a-thing.patch",
                                 "0002-jffs2-Convert.patch"])
        first = (self.out / "0001-kthread-Add-a-thing.patch").read_text()
        self.assertIn("\nFrom: Ada Lovelace <ada@analytical.invalid>\n", first)
        self.assertIn("\nSubject: [PATCH 1/2] kthread: Add a thing that needs a subject line "
                      "long enough to be folded\n", first)
        # The Signed-off-by joins the trailer block, right before the ---.
        self.assertIn("Link: https://patchwork.kernel.org/x/\n"
                      "Signed-off-by: Ada Lovelace <ada@analytical.invalid>\n---\n", first)
        second = (self.out / "0002-jffs2-Convert.patch").read_text()
        self.assertIn("No trailer here.\n\nSigned-off-by: Ada Lovelace "
                      "<ada@analytical.invalid>\n---\n", second)
        cover = (self.out / "0000-cover-letter.patch").read_text()
        self.assertIn("\nSubject: [PATCH 0/2] kthread: The series\n", cover)
        self.assertIn("Ada Lovelace (2):\n  kthread: Add a thing", cover)

    def test_refuses_without_an_identity_and_writes_nothing(self) -> None:
        proc = run_cli(self.root, "", self.out)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("no git identity", proc.stderr)
        self.assertIn("user.name and user.email not set", proc.stderr)
        self.assertFalse(self.out.exists())

    def test_refuses_with_half_an_identity(self) -> None:
        proc = run_cli(self.root, "[user]\n\tname = Ada Lovelace\n", self.out)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("user.email not set", proc.stderr)
        self.assertFalse(self.out.exists())

    def test_refuses_a_non_empty_output_directory(self) -> None:
        self.out.mkdir()
        (self.out / "keep.txt").write_text("mine\n")
        proc = run_cli(self.root, "[user]\n\tname = A\n\temail = a@b.invalid\n", self.out)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("not an empty directory", proc.stderr)
        self.assertEqual(sorted(p.name for p in self.out.iterdir()), ["keep.txt"])

    def test_make_target_passes_out(self) -> None:
        proc = subprocess.run(["make", "-n", "-C", str(PROJECT), "export-series", "OUT=/tmp/x"],
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn('kti-export-series --out "/tmp/x"', proc.stdout)
        proc = subprocess.run(["make", "-C", str(PROJECT), "export-series"],
                              capture_output=True, text=True)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("OUT=", proc.stdout + proc.stderr)


class RepoPatchTest(unittest.TestCase):
    def test_a_signed_repository_patch_is_refused(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "0001-x.patch"
            path.write_text(PATCH.replace("Link: https://patchwork.kernel.org/x/",
                                          "Signed-off-by: Someone <someone@example.org>"))
            with self.assertRaisesRegex(ExportError, "must not carry Signed-off-by"):
                parse_repo_patch(path)
            path.write_text("From: Someone <s@example.org>\n" + PATCH)
            with self.assertRaisesRegex(ExportError, "must start with"):
                parse_repo_patch(path)

    def test_sign_adds_a_paragraph_without_trailers(self) -> None:
        who = Identity("A", "a@b.invalid")
        self.assertEqual(sign("Text.", who), "Text.\n\nSigned-off-by: A <a@b.invalid>")
        self.assertEqual(sign("Text.\n\nLink: x", who),
                         "Text.\n\nLink: x\nSigned-off-by: A <a@b.invalid>")

    def test_export_numbers_in_series_order(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            patches = write_series(Path(tmp))
            files = [patches / "0030-jffs2-Convert.patch", patches / "0001-kthread-Add-a-thing.patch"]
            written = export_series(files, patches / "cover-letter.txt", Path(tmp) / "o",
                                    Identity("A", "a@b.invalid"), date="Thu, 1 Jan 2026")
            self.assertEqual([p.name for p in written],
                             ["0000-cover-letter.patch", "0001-jffs2-Convert.patch",
                              "0002-kthread-Add-a-thing.patch"])


if __name__ == "__main__":
    unittest.main()
