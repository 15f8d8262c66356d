#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kti-unit: drivers/md/dm-log-writes.c:log_writes_kthread
#
# log-write (drivers/md/dm-log-writes.c): log_writes_ctr() creates it, log_writes_dtr()
# kthread_stop()s it (dmsetup remove); the thread returns 0.  Freezable (set_freezable(),
# try_to_freeze() in its loop).  It copies every write to the log device once a flush has
# covered it: a dm mirror resyncing onto the log-writes device writes, an fsync loop
# flushes, and the thread logs the flushed blocks one by one, so it has a backlog when the
# freezer cycle begins.

. "$(dirname "$0")/conv-lib.sh"
. "$(dirname "$0")/gen-lib.sh"

dm_log_writes_comms=log-write
dm_log_writes_freezable=1
dm_log_writes_exits=1
dm_log_writes_stop_ret=0
dm_log_writes_frozen_work=1

dm_log_writes_setup() {
	gen_dm_ready dm-log-writes
}

dm_log_writes_start() {
	dmsetup create kti-logw --table "0 $GEN_RAM_SECTORS log-writes /dev/ram5 /dev/ram6"
}

dm_log_writes_stop() {
	dmsetup remove kti-logw
}

dm_log_writes_work_on() {
	gen_mirror_on kti-logw-mirror /dev/mapper/kti-logw
	gen_repeat_on dm_log_writes 100000 \
		dd if=/dev/zero of=/dev/mapper/kti-logw bs=4k count=1 conv=fsync
}

dm_log_writes_freeze_prepare() {
	gen_mirror_restart kti-logw-mirror /dev/mapper/kti-logw
}

dm_log_writes_work_off() {
	gen_repeat_off dm_log_writes
	gen_mirror_off kti-logw-mirror
}

# Entries logged so far (first field of the target's status).
dm_log_writes_progress() {
	dmsetup status kti-logw | awk '{ print $4 }'
}

[ -n "$GEN_DEFINE_ONLY" ] || gen_scenario dm_log_writes
