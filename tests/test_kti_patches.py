# SPDX-License-Identifier: GPL-2.0
"""make patches, piece by piece: prefixes, recipients, semantic patch excerpt, changelog,
mails, identity, output folder, conversions.json.  Expectations are written by hand from
MAINTAINERS, the kernel's subject conventions and the fixture in tests/patches/fixture/."""
import json
import os
import subprocess
import unittest
from pathlib import Path

from scripts.kti import report_series_html
from scripts.kti.model import ThreadFunction
from scripts.kti.series import (changelog, conversions, gitrepo, identity, mails, outdir, prefix,
                                 risks, smpl)
from scripts.kti.series.errors import PatchesError
from scripts.kti.series.model import Facts, Identity, Risk, RiskKind, Unit
from scripts.kti.series.recipients import parse, recipients_of
from tests import kti_support as ks

TREE = Path(os.environ.get("KSRC", ks.PROJECT_ROOT / "build" / "linux-6.12"))
FIXTURE = ks.PROJECT_ROOT / "tests" / "patches" / "fixture"
WHO = Identity("Kti Tester", "kti-tester@patches.test")


def fixture_units():
    data = conversions.load(FIXTURE / "conversions.json")
    return conversions.verified_units(data, conversions.diffs_from_folder(FIXTURE / "units"),
                                      "fixture")


class PrefixTest(unittest.TestCase):
    def test_subject_prefixes(self):
        cases = {"dm delay: fix a race with the worker": "dm delay",
                 "mm/khugepaged: use a folio": "mm/khugepaged",
                 "mm: khugepaged: drop a lock": "mm: khugepaged",
                 "Revert \"dm delay: fix\"": None,
                 "Merge tag 'x' of git://host": None,
                 "Fix the typo in a comment": None,
                 "SUNRPC: Don't leak: the reply": "SUNRPC"}
        for subject, expected in cases.items():
            self.assertEqual(prefix.prefix_of_subject(subject), expected, subject)

    def test_most_common_then_newest(self):
        newest_first = ["dm: a", "dm delay: b", "dm delay: c", "dm: d", "Fix e"]
        self.assertEqual(prefix.prefix_from_history(newest_first), "dm")
        self.assertEqual(prefix.prefix_from_history(["dm delay: b", "dm: a", "dm delay: c"]),
                         "dm delay")
        self.assertIsNone(prefix.prefix_from_history(["linux-source-6.12 baseline"]))

    def test_path_rule(self):
        cases = {"drivers/md/dm-delay.c": "dm delay",
                 "drivers/md/dm-log-writes.c": "dm log writes",
                 "drivers/md/dm.c": "dm",
                 "drivers/md/dm-vdo/funnel-workqueue.c": "dm vdo",
                 "drivers/md/bcache/btree.c": "bcache",
                 "drivers/md/raid5.c": "md/raid5",
                 "drivers/md/md.c": "md",
                 "mm/khugepaged.c": "mm/khugepaged",
                 "mm/damon/core.c": "mm/damon",
                 "fs/jffs2/background.c": "jffs2",
                 "fs/aio.c": "fs",
                 "kernel/audit.c": "audit",
                 "kernel/sched/psi.c": "sched/psi",
                 "net/sunrpc/svc.c": "net: sunrpc",
                 "sound/core/seq/seq.c": "ALSA: core",
                 "arch/x86/kernel/apic/io_apic.c": "x86/kernel",
                 "drivers/char/random.c": "char: random",
                 "drivers/scsi/qla2xxx/qla_os.c": "scsi: qla2xxx",
                 "lib/test_firmware.c": "lib/test_firmware"}
        for path, expected in cases.items():
            self.assertEqual(prefix.prefix_from_path(path), expected, path)

    def test_history_wins_over_path(self):
        with ks.TempDir() as tmp:
            repo = ks.git_tree(tmp / "t", {"drivers/md/dm-delay.c": "a\n", "other.c": "x\n"})
            for n, subject in enumerate(["dm: old style", "dm delay: fix x", "dm delay: fix y",
                                         "net: unrelated"]):
                name = "other.c" if subject.startswith("net") else "drivers/md/dm-delay.c"
                (repo / name).write_text(f"{n}\n")
                subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit",
                                "-qam", subject], cwd=repo, check=True)
            self.assertEqual(prefix.unit_prefix(repo, ["drivers/md/dm-delay.c"]), "dm delay")
            self.assertEqual(prefix.unit_prefix(repo, ["mm/khugepaged.c"]), "mm/khugepaged")

    def test_common_prefix(self):
        self.assertEqual(prefix.common_prefix(["dm delay", "dm log writes"]), "dm")
        self.assertEqual(prefix.common_prefix(["mm/khugepaged"]), "mm/khugepaged")
        self.assertEqual(prefix.common_prefix(["mm/ksm", "mm/khugepaged"]), "mm")
        self.assertEqual(prefix.common_prefix(["jffs2", "xfs"]), "jffs2")


class RecipientsTest(unittest.TestCase):
    def test_parse_roles_with_commas_in_entry_names(self):
        out = ("Chuck Lever <chuck.lever@oracle.com> (maintainer:NFS, SUNRPC, AND LOCKD "
               "SERVERS,commit_signer:3/4=75%)\n"
               "Neil Brown <neilb@suse.de> (reviewer:NFS, SUNRPC, AND LOCKD SERVERS)\n"
               "linux-nfs@vger.kernel.org (open list:NFS, SUNRPC, AND LOCKD SERVERS)\n"
               "linux-kernel@vger.kernel.org (open list)\n")
        found = parse(out)
        self.assertEqual(found.section, "NFS, SUNRPC, AND LOCKD SERVERS")
        self.assertEqual(found.to, ("Chuck Lever <chuck.lever@oracle.com>",))
        self.assertEqual(found.cc, ("Neil Brown <neilb@suse.de>", "linux-nfs@vger.kernel.org",
                                    "linux-kernel@vger.kernel.org"))

    def test_real_get_maintainer(self):
        """From MAINTAINERS: DEVICE-MAPPER  (LVM) has three M: and dm-devel as L:; every
        file also gets THE REST's list."""
        units = {u.unit_id: u for u in fixture_units()}
        dm = recipients_of(TREE, units["drivers/md/dm-delay.c:flush_worker_fn:126"].diff, False)
        self.assertEqual(dm.section, "DEVICE-MAPPER  (LVM)")
        self.assertEqual(dm.to, ("Alasdair Kergon <agk@redhat.com>",
                                 "Mike Snitzer <snitzer@kernel.org>",
                                 "Mikulas Patocka <mpatocka@redhat.com>"))
        self.assertEqual(dm.cc, ("dm-devel@lists.linux.dev", "linux-kernel@vger.kernel.org"))
        mm = recipients_of(TREE, units["mm/khugepaged.c:khugepaged:2585"].diff, False)
        self.assertEqual(mm.section, "MEMORY MANAGEMENT")
        self.assertEqual(mm.to, ("Andrew Morton <akpm@linux-foundation.org>",))
        self.assertEqual(set(mm.cc), {"linux-mm@kvack.org", "linux-kernel@vger.kernel.org"})

    def test_equal_entries_give_the_same_series_every_run(self):
        """kernel/power/swap.c is in HIBERNATION and in SUSPEND TO RAM with the same
        pattern; perl's per-run hash order chose either (seen in two make patches runs)."""
        diff = ("--- a/kernel/power/swap.c\n+++ b/kernel/power/swap.c\n"
                "@@ -1 +1 @@\n-x\n+y\n")
        found = {recipients_of(TREE, diff, False).section for _ in range(8)}
        self.assertEqual(len(found), 1, found)
        self.assertIn(found.pop(), ("HIBERNATION (aka Software Suspend, aka swsusp)",
                                    "SUSPEND TO RAM"))


COCCI = """// SPDX-License-Identifier: GPL-2.0-only
/// A very long documentation comment line that goes on and on past the seventy-five columns
virtual patch
virtual report

@create depends on patch@
identifier virtual.tfn;
@@
- old(tfn)
+ new(tfn)

@r depends on report@
identifier virtual.tfn;
position p;
@@
 old@p(tfn)

@script:python depends on r@
p << r.p;
@@
coccilib.report.print_report(p[0], "x")

@@
identifier virtual.tfn;
@@
- gone(tfn);

@after depends on create && !report@
@@
- x();

@depends on context@
identifier virtual.tfn;
@@
* marked(tfn)
"""


class SmplTest(unittest.TestCase):
    def test_rules_of_the_mode(self):
        kept = "\n".join(smpl.rules_for(COCCI, smpl.virtuals_of(
            "spatch --sp-file a.cocci -D patch -D tfn=foo --in-place x.c")))
        self.assertIn("@create depends on patch@", kept)
        self.assertIn("- gone(tfn);", kept)
        self.assertIn("@after depends on create && !report@", kept)
        self.assertNotIn("@r depends on report@", kept)
        self.assertNotIn("@depends on context@", kept)
        self.assertNotIn("* marked(tfn)", kept)
        self.assertNotIn("print_report", kept)
        self.assertTrue(kept.startswith("// SPDX-License-Identifier"))

    def test_comment_wrapping(self):
        lines = smpl.wrap_comments(COCCI.splitlines()[:2])
        self.assertEqual(lines[0], "// SPDX-License-Identifier: GPL-2.0-only")
        self.assertTrue(all(len(line) <= 75 and line.startswith("///") for line in lines[1:]))
        self.assertEqual(" ".join(line[3:].strip() for line in lines[1:]),
                         COCCI.splitlines()[1][3:].strip())

    def test_command_lines_are_the_same_command(self):
        command = ("spatch --sp-file cocci/kthread_iterant_create.cocci -D patch "
                   "-D tfn=flush_worker_fn -D kti=flush_worker_fn_kti --no-includes "
                   "--include-headers --timeout 60 --in-place drivers/md/dm-delay.c")
        lines = smpl.command_lines(command)
        self.assertTrue(all(len(line) <= 75 for line in lines))
        self.assertTrue(lines[0].startswith("$ spatch"))
        joined = " ".join(line.rstrip("\\").strip() for line in lines)[2:]
        self.assertEqual(joined.split(), command.split())
        self.assertIn("-D tfn=flush_worker_fn", "\n".join(lines))


class ChangelogTest(unittest.TestCase):
    def setUp(self):
        self.units = {u.unit_id: u for u in fixture_units()}
        self.core = changelog.CoreSeries("kthread: Add API for iterant kthreads", 17,
                                         "https://lore.kernel.org/r/core-series")

    def message(self, unit_id: str) -> str:
        return changelog.message(self.units[unit_id], "dm log writes", self.core, WHO, FIXTURE)

    def test_sections_in_order_and_ending(self):
        text = self.message("drivers/md/dm-log-writes.c:log_writes_kthread:430")
        lines = text.splitlines()
        self.assertEqual(lines[0], "dm log writes: Convert log_writes_kthread() to the "
                                   "iterant kthread API")
        order = ["iterant kthread API", "Checkpoints moved to the core:",
                 "Behaviour differences:", "Freezability is unchanged: log_writes_kthread() "
                 "called", "Review notes:", "state-in-context", "kthread_worker would fit",
                 "Verification before this patch was emitted:", "  5. detector finds",
                 "// <smpl> cocci/kthread_iterant_create.cocci", "// </smpl>",
                 "$ spatch --sp-file cocci/kthread_iterant_create.cocci"]
        at = [text.index(marker) for marker in order]
        self.assertEqual(at, sorted(at))
        self.assertEqual(lines[-2], "Link: https://lore.kernel.org/r/core-series")
        self.assertEqual(lines[-1], "Signed-off-by: Kti Tester <kti-tester@patches.test>")
        self.assertTrue(lines[-4].endswith("drivers/md/dm-log-writes.c"), lines[-4])
        self.assertEqual(lines[-3], "")
        self.assertTrue(all(len(line) <= 75 for line in lines[1:]),
                        [line for line in lines if len(line) > 75])
        self.assertNotIn("print_report", text)

    def test_nonfreezable_is_stated(self):
        text = self.message("drivers/md/dm-delay.c:flush_worker_fn:126")
        self.assertIn("- Freezability is unchanged: flush_worker_fn() never called "
                      "set_freezable(), so the description sets KTI_NONFREEZABLE.",
                      " ".join(text.split()).replace(" - ", "\n- "))

    def test_tidied_lines_are_named(self):
        unit = self.units["drivers/md/dm-delay.c:flush_worker_fn:126"]
        facts = Facts(**{**unit.facts.__dict__, "tidied": ("OPEN_ENDED_LINE", "SPACING")})
        text = changelog.message(Unit(**{**unit.__dict__, "facts": facts}), "dm delay",
                                 self.core, WHO, FIXTURE)
        self.assertIn("- whitespace and comment layout of moved lines fixed as checkpatch "
                      "--strict asks (OPEN_ENDED_LINE, SPACING); the tokens are unchanged",
                      " ".join(text.split()).replace(" - ", "\n- "))
        self.assertNotIn("checkpatch --strict asks", self.message(unit.unit_id))

    def test_braces_of_arms_are_named(self):
        unit = self.units["drivers/md/dm-delay.c:flush_worker_fn:126"]
        facts = Facts(**{**unit.facts.__dict__, "tidied_braces": ("added", "removed")})
        text = changelog.message(Unit(**{**unit.__dict__, "facts": facts}), "dm delay",
                                 self.core, WHO, FIXTURE)
        self.assertIn("- braces added and removed on if/else arms of moved lines holding one "
                      "statement, as checkpatch --strict asks (BRACES); the statements are "
                      "unchanged", " ".join(text.split()).replace(" - ", "\n- "))
        self.assertNotIn("if/else arms", self.message(unit.unit_id))

    def test_shared_file_unit_groups_alike_freezability(self):
        unit = self.units["drivers/md/dm-delay.c:flush_worker_fn:126"]
        both = Facts(**{**unit.facts.__dict__, "members": (("a_thread", unit.facts),
                                                            ("b_thread", unit.facts))})
        self.assertEqual(changelog.freezability(Unit(**{**unit.__dict__, "facts": both})),
                         "Freezability is unchanged: a_thread(), b_thread() never called "
                         "set_freezable(), so the description sets KTI_NONFREEZABLE.")

    def test_shared_file_unit_states_each_freezability(self):
        unit = self.units["drivers/md/dm-delay.c:flush_worker_fn:126"]
        frozen = Facts(**{**unit.facts.__dict__, "freezable_before": True, "flags": ()})
        both = Facts(**{**unit.facts.__dict__, "members": (("a_thread", unit.facts),
                                                            ("b_thread", frozen))})
        text = changelog.freezability(Unit(**{**unit.__dict__, "facts": both}))
        self.assertEqual(text, "Freezability is unchanged: a_thread() never called "
                               "set_freezable(), so the description sets KTI_NONFREEZABLE. "
                               "Freezability is unchanged: b_thread() called set_freezable(), "
                               "and an iterant kthread is freezable by default, so the call "
                               "goes.")

    def test_changed_freezability_is_refused(self):
        unit = self.units["mm/khugepaged.c:khugepaged:2585"]
        facts = Facts(**{**unit.facts.__dict__, "flags": ("KTI_NONFREEZABLE",)})
        wrong = Unit(**{**unit.__dict__, "facts": facts})
        with self.assertRaisesRegex(PatchesError, "would change freezability"):
            changelog.freezability(wrong)


class RisksTest(unittest.TestCase):
    BODY = "\n".join([
        "static int t(void *data)", "{", "\t/* msleep(1) here would be uninterruptible */",
        "\twhile (!kthread_should_stop() && more) {",
        "\t\tset_current_state(TASK_UNINTERRUPTIBLE);", "\t\tssleep(1);",
        "\t\tmsleep_interruptible(5);", "\t\twait_event_interruptible(q, c);", "\t}",
        "\treturn 0;", "}"])

    def tfn(self, **fields):
        base = dict(id="x.c:t", name="t", file="x.c", line=2, col=0, end_col=1, end_line=12,
                    kind="kthread", static=True, verdict="care", reasons=[],
                    loop="while-not-should-stop", loop_line=5,
                    stop_predicate="kthread_should_stop", freezer=[], parking=[], signals=[],
                    sleep=[], exit=[], persistent_locals=[], subsystem="X")
        base.update(fields)
        return ThreadFunction(**base)

    def test_legacy_flags(self):
        source = "\n" + self.BODY + "\n"
        found = risks.legacy_risks(self.tfn(
            signals=["allow_signal", "signal_pending"],
            reasons=["the loop condition tests more than the stop check"],
            freezer=["set_freezable", "try_to_freeze"]), source, nonfreezable=False)
        self.assertEqual([(r.kind, r.detail) for r in found], [
            (RiskKind.SIGNALS, "allow_signal, signal_pending"),
            (RiskKind.CUSTOM_STOP, "the loop condition tests more than kthread_should_stop()"),
            (RiskKind.UNINTERRUPTIBLE, "TASK_UNINTERRUPTIBLE, ssleep"),
            (RiskKind.FREEZABILITY, "freezable, with freezer calls of its own: try_to_freeze")])
        self.assertEqual(risks.legacy_risks(self.tfn(), "", nonfreezable=True),
                         [Risk(RiskKind.FREEZABILITY,
                               "not freezable: KTI_NONFREEZABLE keeps it so")])
        freezable_stop = risks.legacy_risks(
            self.tfn(stop_predicate="kthread_freezable_should_stop",
                     freezer=["set_freezable", "kthread_freezable_should_stop"]), None, False)
        self.assertEqual(freezable_stop, [Risk(RiskKind.CUSTOM_STOP,
                                               "stops on kthread_freezable_should_stop()")])

    def test_engine_flags_and_merge(self):
        self.assertEqual(risks.engine_risk("context", "u"), Risk(RiskKind.CONTEXT_STATE, ""))
        self.assertEqual(risks.engine_risk("stop-check-rotated", "u"),
                         Risk(RiskKind.CUSTOM_STOP, "stop check rotated"))
        self.assertEqual(risks.engine_risk({"kind": "signals", "detail": "SIGKILL"}, "u"),
                         Risk(RiskKind.SIGNALS, "SIGKILL"))
        # Every flag scripts/kti/convert/facts.py:_risks() emits has a kind.
        for flag, kind in (("ends-on-its-own", RiskKind.ENDS_ON_ITS_OWN),
                           ("loop-in-init", RiskKind.LOOP_IN_INIT),
                           ("do-while", RiskKind.DO_WHILE),
                           ("freezer-call-kept-in-func", RiskKind.FREEZER_IN_FUNC),
                           ("task-state-across-checkpoint", RiskKind.TASK_STATE)):
            self.assertEqual(risks.engine_risk(flag, "u").kind, kind)
        with self.assertRaisesRegex(PatchesError, "u: unknown risk flag 'loud'"):
            risks.engine_risk("loud: very", "u")
        merged = risks.merge([[Risk(RiskKind.CONTEXT_STATE, ""), Risk(RiskKind.SIGNALS, "a")],
                              [Risk(RiskKind.SIGNALS, "b"), Risk(RiskKind.SIGNALS, "a")]])
        self.assertEqual(merged, (Risk(RiskKind.SIGNALS, "a; b"),
                                  Risk(RiskKind.CONTEXT_STATE, "")))


class SideBySideTest(unittest.TestCase):
    def test_rows_ignore_whitespace(self):
        before = "int a;\n\twhile (x) {\n\t\tb();\n\t}\nint c;"
        after = "int a;\nstatic void f(void)\n{\n\tb();\n}\nint c;"
        self.assertEqual(report_series_html._rows(before.split("\n"), after.split("\n")), [
            ("eq", 0, 0), ("replace", 1, 1), ("replace", None, 2), ("ws", 2, 3),
            ("ws", 3, 4), ("eq", 4, 5)])

    def test_far_context_left_out(self):
        before = "\n".join(f"line {n}" for n in range(1, 31))
        after = before.replace("line 15", "line fifteen")
        page = report_series_html.side_by_side(before, after, context=2)
        self.assertEqual(page.count('class="gap"'), 1)
        self.assertIn("@@ original line 13, converted line 13 @@", page)
        self.assertEqual(page.count('<td class="n">'), 2 * 5)
        self.assertIn('<td class="del">line <span class="c-num">15</span></td>', page)


class MailsTest(unittest.TestCase):
    def test_message_id_from_date_content_and_sender(self):
        mid = mails.message_id("Sat, 14 Nov 2026 12:56:01 +0000", "abc123", 2, WHO)
        self.assertEqual(mid, "<20261114125601.abc123-2-kti-tester@patches.test>")
        self.assertNotEqual(mails.series_digest(["a", "b"]), mails.series_digest(["a", "c"]))
        self.assertEqual(mails.series_digest(["a", "b"]), mails.series_digest(["a", "b"]))

    def test_address_header(self):
        self.assertEqual(mails.address_header("Cc", ["Uwe Kleine-König <u@k.test>",
                                                     "list@vger.kernel.org"]),
                         ["Cc: =?utf-8?q?Uwe_Kleine-K=C3=B6nig?= <u@k.test>,",
                          "    list@vger.kernel.org"])
        self.assertEqual(mails.address_header("To", []), [])

    def test_finish_threads_and_unfolds(self):
        cover = ("From 0 Mon Sep 17 00:00:00 2001\nFrom: A Very Long Name\n <a@b.test>\n"
                 "Date: Sat, 14 Nov 2026 12:56:01 +0000\nSubject: [PATCH 0/1] "
                 "*** SUBJECT HERE ***\n\n*** BLURB HERE ***\n")
        patch = ("From 0 Mon Sep 17 00:00:00 2001\nFrom: A <a@b.test>\n"
                 "Date: Sat, 14 Nov 2026 12:56:02 +0000\nSubject: [PATCH 1/1] x: a long\n"
                 " subject\n\nbody\n")
        out = mails.finish([cover, patch], "x: Convert", "the blurb", WHO,
                           [(["M <m@m.test>"], ["l@l.test"]), (["M <m@m.test>"], [])])
        self.assertIn("From: A Very Long Name <a@b.test>\n", out[0])
        self.assertIn("Subject: [PATCH 0/1] x: Convert\n", out[0])
        self.assertIn("\n\nthe blurb\n", out[0])
        cover_id = out[0].split("Message-ID: ")[1].split("\n")[0]
        self.assertIn(f"In-Reply-To: {cover_id}\nReferences: {cover_id}\n", out[1])
        self.assertIn("Subject: [PATCH 1/1] x: a long subject\n", out[1])
        self.assertIn("To: M <m@m.test>\n\nbody", out[1])


class IdentityTest(unittest.TestCase):
    def run_with(self, **env):
        saved = dict(os.environ)
        try:
            for key in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL"):
                os.environ.pop(key, None)
            os.environ.update(env)
            with ks.TempDir() as tmp:
                return identity.runner_identity(tmp)
        finally:
            os.environ.clear()
            os.environ.update(saved)

    def test_no_identity_stops(self):
        with self.assertRaisesRegex(PatchesError, "user.name and user.email not set"):
            self.run_with(GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")

    def test_guessed_addresses_refused(self):
        for email in ("root@localhost", "me@box.localdomain"):
            with self.assertRaisesRegex(PatchesError, "cannot sign"):
                self.run_with(GIT_AUTHOR_NAME="Me", GIT_AUTHOR_EMAIL=email)

    def test_environment_identity(self):
        self.assertEqual(self.run_with(GIT_AUTHOR_NAME="Kti Tester",
                                       GIT_AUTHOR_EMAIL="kti-tester@patches.test"), WHO)


class ScratchTest(unittest.TestCase):
    def test_core_patches_without_author_and_chains(self):
        """kernel-patches/ copies name no person (core-v2): the scratch repository commits
        them as the runner, on a private index, and never writes to the tree."""
        with ks.TempDir() as tmp:
            tree = ks.git_tree(tmp / "tree", {"MAINTAINERS": "x\n", "a.c": "one\n"})
            before = subprocess.run(["git", "-C", str(tree), "count-objects", "-v"],
                                    capture_output=True, text=True).stdout
            head = gitrepo.tree_info(tree).head
            core = tmp / "0001-a.patch"
            core.write_text("Subject: [PATCH] a: Add two\n\nWhy two.\n---\n"
                            "diff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n@@ -1 +1,2 @@\n"
                            " one\n+two\n")
            scratch = gitrepo.Scratch(tree, tmp / "scratch.git")
            tip = scratch.apply_mails(head, [core], WHO, 1700000000)[-1]
            self.assertEqual(scratch.show(tip, "a.c"), "one\ntwo\n")
            log = gitrepo.git(scratch.path, "log", "-1", "--format=%an <%ae>|%s|%at%n%b", tip)
            self.assertEqual(log.strip(), "Kti Tester <kti-tester@patches.test>|a: Add two|"
                                          "1700000000\nWhy two.")
            chain = scratch.chain(tip, WHO)
            second = chain.commit("--- a/a.c\n+++ b/a.c\n@@ -2 +2,2 @@\n two\n+three\n",
                                  "a: three\n", 1700000005)
            chain.close()
            self.assertEqual(scratch.show(second, "a.c"), "one\ntwo\nthree\n")
            after = subprocess.run(["git", "-C", str(tree), "count-objects", "-v"],
                                   capture_output=True, text=True).stdout
            self.assertEqual(before, after, "the scratch repository wrote into the tree")


class OutdirTest(unittest.TestCase):
    def test_refuses_folders_it_did_not_write(self):
        with ks.TempDir() as tmp:
            mine = tmp / "out"
            outdir.write_folder(mine, {"a/1.patch": "one\n", "series.json": "{}\n"})
            self.assertEqual((mine / "a" / "1.patch").read_text(), "one\n")
            outdir.write_folder(mine, {"b/1.patch": "two\n"})
            self.assertFalse((mine / "a").exists())
            (mine / "notes.txt").write_text("mine, not make patches'\n")
            with self.assertRaisesRegex(PatchesError, "notes.txt"):
                outdir.write_folder(mine, {"c/1.patch": "three\n"})
            self.assertEqual((mine / "b" / "1.patch").read_text(), "two\n")
            other = tmp / "other"
            other.mkdir()
            (other / "x").write_text("x")
            with self.assertRaisesRegex(PatchesError, "not written by make patches"):
                outdir.write_folder(other, {"c/1.patch": "three\n"})
            self.assertEqual(sorted(p.name for p in other.iterdir()), ["x"])


class ConversionsTest(unittest.TestCase):
    def data(self):
        return json.loads((FIXTURE / "conversions.json").read_text())

    def test_fixture_units(self):
        units = fixture_units()
        self.assertEqual([u.unit_id for u in units], [
            "drivers/md/dm-delay.c:flush_worker_fn:126",
            "drivers/md/dm-log-writes.c:log_writes_kthread:430", "mm/khugepaged.c:khugepaged:2585"])
        log_writes = units[1]
        self.assertEqual([r.kind for r in log_writes.facts.risks],
                         [RiskKind.CONTEXT_STATE, RiskKind.FREEZER_IN_FUNC])
        self.assertEqual(log_writes.facts.worker_fit.fit, True)
        self.assertFalse(units[2].facts.worker_fit.fit)

    def test_refused_units_are_skipped_and_bad_facts_named(self):
        data = self.data()
        data["units"][0]["verdict"] = "refused"
        units = conversions.verified_units(
            data, conversions.diffs_from_folder(FIXTURE / "units"), "x")
        self.assertEqual(len(units), 2)
        del data["units"][1]["facts"]["risk_flags"]
        with self.assertRaisesRegex(PatchesError, "log_writes_kthread:430: facts lack risk_flags"):
            conversions.verified_units(data, conversions.diffs_from_folder(FIXTURE / "units"),
                                       "x")
        data = self.data()
        data["units"][2]["facts"]["risk_flags"] = ["context", "signals-ish"]
        with self.assertRaisesRegex(PatchesError, "unknown risk flag 'signals-ish'"):
            conversions.verified_units(data, conversions.diffs_from_folder(FIXTURE / "units"),
                                       "x")

    def test_engine_facts(self):
        """The facts scripts/kti/convert/facts.py (engine branch at 65df35a) wrote for
        dm-log-writes, copied from its --out conversions.json."""
        facts = {
            "candidate": True, "loop": "while-not-should-stop", "rule": "while-not-should-stop",
            "freezable_before": True, "flags": [], "timeout": None,
            "names": {"func": "log_writes_kthread_func", "kti": "log_writes_kthread_kti"},
            "checkpoints_moved": ["the loop's stop test (kthread_should_stop())",
                                  "set_freezable(): iterant kthreads are freezable by default"],
            "ctx_fields": ["sector"], "sleeps_kept": ["set_current_state+schedule"],
            "sleeps_mapped": [],
            "behaviour_changes": [
                "the core's checkpoint between iterations also handles kthread_park(), "
                "signals the core is told of and cond_resched()",
                "state carried across iterations moved to a per-thread context allocated "
                "and zeroed by the core: sector"],
            "risk_flags": ["context", "freezer-call-kept-in-func"],
            "kthread_worker_fit": {"fit": False, "why": "keeps state across iterations"}}
        parsed = conversions.parse_facts(facts, "engine")
        self.assertEqual([r.kind for r in parsed.risks],
                         [RiskKind.CONTEXT_STATE, RiskKind.FREEZER_IN_FUNC])
        self.assertEqual(parsed.ctx_fields, ("sector",))
        self.assertFalse(parsed.worker_fit.fit)
        self.assertEqual(parsed.flags, ())

    def test_diff_must_match_files(self):
        data = self.data()
        data["units"][2]["files"] = ["mm/khugepaged.c", "mm/huge_memory.c"]
        with self.assertRaisesRegex(PatchesError, "its diff changes"):
            conversions.verified_units(data, conversions.diffs_from_folder(FIXTURE / "units"),
                                       "x")

    def test_verified_with_a_failed_gate_is_refused(self):
        data = self.data()
        data["units"][0]["gates"][2]["status"] = "fail"
        with self.assertRaisesRegex(PatchesError, r"checks \[3\] did not pass"):
            conversions.verified_units(data, conversions.diffs_from_folder(FIXTURE / "units"),
                                       "x")

    def test_diffs_from_branch_by_subject(self):
        with ks.TempDir() as tmp:
            repo = ks.git_tree(tmp / "t", {"a.c": "one\n"})
            (repo / "a.c").write_text("two\n")
            subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit",
                            "-qam", "a: Convert a() to the iterant kthread API"], cwd=repo,
                           check=True)
            diff_of = conversions.diffs_from_branch(repo, "HEAD")
            diff = diff_of({"unit_id": "a.c:a",
                            "commit_subject": "a: Convert a() to the iterant kthread API"})
            self.assertIn("-one\n+two\n", diff)
            with self.assertRaisesRegex(PatchesError, "0 commits"):
                diff_of({"unit_id": "b.c:b", "commit_subject": "b: none"})
            with self.assertRaisesRegex(PatchesError, "no branch kti/convert in .*make convert"):
                conversions.diffs_from_branch(repo, "kti/convert")



class ReportDiffTest(unittest.TestCase):
    """make patches takes the diffs conversions.json holds when every verified unit has one."""

    DIFF = "--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n"

    def test_every_verified_unit_has_its_patch(self):
        doc = {"units": [{"unit_id": "x.c:a:1", "verdict": "verified", "patch": self.DIFF},
                         {"unit_id": "x.c:b:9", "verdict": "refused", "patch": ""}]}
        self.assertTrue(conversions.report_has_patches(doc))
        self.assertEqual(conversions.diff_from_report(doc["units"][0]), self.DIFF)

    def test_a_verified_unit_without_patch_means_the_branch(self):
        doc = {"units": [{"unit_id": "x.c:a:1", "verdict": "verified", "patch": self.DIFF},
                         {"unit_id": "x.c:c:5", "verdict": "verified"}]}
        self.assertFalse(conversions.report_has_patches(doc))
        self.assertFalse(conversions.report_has_patches({"units": []}))
        with self.assertRaisesRegex(PatchesError, "x.c:c:5: conversions.json holds no patch"):
            conversions.diff_from_report(doc["units"][1])


if __name__ == "__main__":
    unittest.main()
