// SPDX-License-Identifier: GPL-2.0
/* Sleep and freezer calls one level down, in an in-file helper (khugepaged-like). */
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
