// SPDX-License-Identifier: GPL-2.0
/*
 * Sleep and freezer calls one level down, in an in-file helper (khugepaged-like).
 *
 * Expected, written from the code (tests/run_cocci_golden.py checks it):
 * expect scanner: verdict auto; loop while-not-should-stop; line 32; stop kthread_should_stop
 * expect scanner: exit none; locals sc; freezer set_freezable, wait_event_freezable
 * expect scanner: parking none; signals none; sleep wait_event
 * expect scanner: reason single while-not-should-stop loop left only through the stop check
 * expect create 41: kthread_run scanner function
 */
#include <linux/kthread.h>
#include <linux/freezer.h>

static void scan_wait_work(struct scanner *sc)
{
	if (scan_has_work(sc)) {
		wait_event_freezable_timeout(sc->wait, kthread_should_stop(),
					     msecs_to_jiffies(sc->sleep_ms));
		return;
	}
	wait_event_freezable(sc->wait, scan_wait_event(sc));
}

static int scanner(void *data)
{
	struct scanner *sc = data;

	set_freezable();
	set_user_nice(current, MAX_NICE);

	while (!kthread_should_stop()) {
		scan_do_scan(sc);
		scan_wait_work(sc);
	}
	return 0;
}

void scanner_start(struct scanner *sc)
{
	sc->task = kthread_run(scanner, sc, "scanner");
}
