#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kti-unit: mm/khugepaged.c:khugepaged
#
# khugepaged (mm/khugepaged.c): start_stop_khugepaged() creates it when transparent huge
# pages are turned on and kthread_stop()s it when they are turned off; the thread returns 0.
# Freezable (set_freezable(), wait_event_freezable_timeout()).  With a process whose memory
# it can scan it wakes up every scan_sleep_millisecs, so it has work through a freezer cycle.

. "$(dirname "$0")/conv-lib.sh"
. "$(dirname "$0")/gen-lib.sh"

THP=/sys/kernel/mm/transparent_hugepage
khugepaged_comms=khugepaged
khugepaged_freezable=1
khugepaged_exits=1
khugepaged_stop_ret=0
khugepaged_frozen_work=1

khugepaged_setup() {
	echo 10 > "$THP/khugepaged/scan_sleep_millisecs"
}

khugepaged_start() {
	echo always > "$THP/enabled"
}

khugepaged_stop() {
	echo never > "$THP/enabled"
}

# A process holding 8 MiB of anonymous memory: khugepaged registers its mm at mmap time
# and scans it on every pass.
khugepaged_work_on() {
	gen_memory_holder_on khugepaged 8
}

khugepaged_work_off() {
	gen_memory_holder_off khugepaged
}

khugepaged_progress() {
	cat "$THP/khugepaged/full_scans"
}

[ -n "$GEN_DEFINE_ONLY" ] || gen_scenario khugepaged
