#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kti-unit: mm/compaction.c:kcompactd
#
# kcompactd0 (mm/compaction.c): one per memory node, created at boot; only memory
# hot-remove of a whole node stops it, which this guest cannot do.  While
# vm.compaction_proactiveness is not 0 it wakes every 500 ms to check fragmentation; at 0 it
# sleeps until kswapd asks for compaction.  Freezable (wait_event_freezable_timeout()).

. "$(dirname "$0")/conv-lib.sh"
. "$(dirname "$0")/gen-lib.sh"

kcompactd_comms=kcompactd0
kcompactd_freezable=1
kcompactd_exits=0
kcompactd_stop_ret=none
kcompactd_frozen_work=1

kcompactd_start() {
	echo 20 > /proc/sys/vm/compaction_proactiveness
}

kcompactd_stop() {
	echo 0 > /proc/sys/vm/compaction_proactiveness
}

# Its own progress: each 500 ms check is one wake-up of the thread.
kcompactd_progress() {
	sched_field "$(pid_of_comm kcompactd0 | head -n 1)" 3
}

[ -n "$GEN_DEFINE_ONLY" ] || gen_scenario kcompactd
