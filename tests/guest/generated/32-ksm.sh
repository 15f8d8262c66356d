#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kti-unit: mm/ksm.c:ksm_scan_thread
#
# ksmd (mm/ksm.c): created at boot and never stopped; it scans while /sys/kernel/mm/ksm/run
# is 1 and some process asked for merging (here prctl(PR_SET_MEMORY_MERGE) from perl), and
# idles in wait_event_freezable() while run is 0.  Freezable; with run=1 it wakes every
# sleep_millisecs, so it has work through a freezer cycle.

. "$(dirname "$0")/conv-lib.sh"
. "$(dirname "$0")/gen-lib.sh"

KSM=/sys/kernel/mm/ksm
ksm_comms=ksmd
ksm_freezable=1
ksm_exits=0
ksm_stop_ret=none
ksm_frozen_work=1

ksm_setup() {
	echo 10 > "$KSM/sleep_millisecs" && echo 1000 > "$KSM/pages_to_scan"
}

ksm_start() {
	echo 1 > "$KSM/run"
}

ksm_stop() {
	echo 0 > "$KSM/run"
}

ksm_work_on() {
	gen_memory_holder_on ksm 16 merge
}

ksm_work_off() {
	gen_memory_holder_off ksm
}

ksm_progress() {
	cat "$KSM/pages_scanned"
}

[ -n "$GEN_DEFINE_ONLY" ] || gen_scenario ksm
