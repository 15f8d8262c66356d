#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kti-unit: drivers/md/dm-writecache.c:writecache_endio_thread
# kti-unit: drivers/md/dm-writecache.c:writecache_flush_thread
#
# writecache_endio and dm_writecache_flush (drivers/md/dm-writecache.c): writecache_ctr()
# creates both for a target in SSD mode, writecache_dtr() kthread_stop()s them (dmsetup
# remove); both return 0.  Neither is freezable.  The endio thread finishes writebacks from
# the cache to the origin: a dm mirror resyncing onto the writecache device fills its small
# cache, so writeback goes on while everything else is frozen.  The flush thread handles
# flush requests, here from an fsync loop in user space: it idles while frozen.

. "$(dirname "$0")/conv-lib.sh"
. "$(dirname "$0")/gen-lib.sh"

dm_writecache_comms="writecache_endio dm_writecache_flush"
dm_writecache_freezable=0
dm_writecache_exits=1
dm_writecache_stop_ret=0
dm_writecache_frozen_work="1 0"

dm_writecache_setup() {
	gen_dm_ready dm-writecache &&
		dd if=/dev/zero of=/dev/ram4 bs=1M count=1 2>/dev/null
}

# Origin: /dev/ram3 through a linear device (whose writes dm counts); cache: 4 MiB of
# /dev/ram4 (cleared above, so the target formats it).  pause_writeback 0: by default
# writeback waits for 3 s without writes, which the resync never leaves, and the full
# cache would send every write around it.
dm_writecache_start() {
	dmsetup create kti-worigin --table "0 $GEN_RAM_SECTORS linear /dev/ram3 0" &&
		dmsetup create kti-wcache --table "0 8192 linear /dev/ram4 0" &&
		dmsetup create kti-wc --table "0 $GEN_RAM_SECTORS writecache s \
			/dev/mapper/kti-worigin /dev/mapper/kti-wcache 4096 2 pause_writeback 0"
}

dm_writecache_stop() {
	dmsetup remove kti-wc && dmsetup remove kti-wcache && dmsetup remove kti-worigin
}

dm_writecache_work_on() {
	gen_mirror_on kti-wc-mirror /dev/mapper/kti-wc
	gen_repeat_on dm_writecache 1000000 \
		dd if=/dev/zero of=/dev/mapper/kti-wc bs=4k count=1 conv=fsync
}

dm_writecache_freeze_prepare() {
	gen_mirror_restart kti-wc-mirror /dev/mapper/kti-wc
}

dm_writecache_work_off() {
	gen_repeat_off dm_writecache
	gen_mirror_off kti-wc-mirror
}

# Writebacks reaching the origin plus flush requests handled (from the status line).
dm_writecache_progress() {
	echo $(($(dm_sectors_written kti-worigin) + $(dmsetup status kti-wc | awk '{ print $16 }')))
}

[ -n "$GEN_DEFINE_ONLY" ] || gen_scenario dm_writecache
