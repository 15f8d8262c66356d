#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kti-unit: kernel/locking/locktorture.c:lock_torture_writer
# kti-unit: kernel/locking/locktorture.c:lock_torture_reader
# kti-unit: kernel/locking/locktorture.c:lock_torture_stats
# kti-unit: kernel/torture.c:torture_stutter
#
# locktorture (kernel/locking/locktorture.c) on rw_lock: loading the module creates one
# writer, one reader, the stats kthread and torture.ko's stutter kthread, all through
# torture_create_kthread() (the converted kernel's torture_create_kthread_iterant());
# rmmod sets fullstop and torture_stop_kthread()s each.  None is freezable; each one
# that sees fullstop waits in torture_kthread_stopping() for kthread_stop(), which
# returns 0.  The shuffler is off (shuffle_interval=0): with two CPUs it confines every
# torture kthread to one of them, and if that is the CPU holding the freezer's busy wait
# nothing of the test runs in the frozen period.  The stats kthread prints once a second
# and may not run in a short frozen period, so only its recovery is checked.

. "$(dirname "$0")/conv-lib.sh"
. "$(dirname "$0")/gen-lib.sh"

locktorture_comms="lock_torture_writer lock_torture_reader torture_stutter lock_torture_stats"
locktorture_freezable=0
locktorture_exits=1
locktorture_stop_ret=0
locktorture_frozen_work="1 1 1 0"

LOCKTORTURE_BASE=/tmp/locktorture-base

locktorture_start() {
	# Stats lines of earlier loads are not this load's; its own count from zero.
	locktorture_writes_total_lines | wc -l > "$LOCKTORTURE_BASE.lines"
	load_module locktorture torture_type=rw_lock nwriters_stress=1 nreaders_stress=1 \
		stat_interval=1 shuffle_interval=0
}

locktorture_stop() {
	locktorture_progress > "$LOCKTORTURE_BASE.total"
	rmmod locktorture
}

# Keep the kthreads off the CPU that will hold the frozen period's busy wait.
locktorture_freeze_prepare() {
	gen_pin "$(gen_work_cpus)" $(gen_pids locktorture)
}

# "Writes:  Total: N  Max/Min: ..." lines, one a second (stat_interval) and one at rmmod.
locktorture_writes_total_lines() {
	dmesg | sed -n 's/.*Writes:  Total: \([0-9]*\) .*/\1/p'
}

# Write locks acquired, summed over the loads: the totals the earlier loads reached plus
# the last total this load printed.
locktorture_progress() {
	locktorture_writes_total_lines |
		awk -v skip="$(cat "$LOCKTORTURE_BASE.lines" 2>/dev/null)" \
			-v base="$(cat "$LOCKTORTURE_BASE.total" 2>/dev/null)" '
			NR > skip + 0 { last = $1 }
			END { print base + last }'
}

[ -n "$GEN_DEFINE_ONLY" ] || gen_scenario locktorture
