#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kti-unit: drivers/md/dm-delay.c:flush_worker_fn
#
# dm-delay-flush-worker (drivers/md/dm-delay.c): delay_ctr() creates it for a delay target
# whose delays are all under 50 ms, delay_dtr() kthread_stop()s it (dmsetup remove); the
# thread returns 0.  Not freezable.  It passes delayed bios on while any are queued; a dm
# mirror resyncing onto the delay device keeps it busy while everything else is frozen.
# The resync runs in dm's per-CPU workqueues (kmirrord, kcopyd), which follow the CPU that
# queues them: the mirror is created on the work CPU and the worker, whose bio completions
# queue kcopyd's next step, is kept there, away from the CPU that holds the freeze
# (gen_freeze_check).

. "$(dirname "$0")/conv-lib.sh"
. "$(dirname "$0")/gen-lib.sh"

dm_delay_comms=dm-delay-flush-worker
dm_delay_freezable=0
dm_delay_exits=1
dm_delay_stop_ret=0
dm_delay_frozen_work=1

dm_delay_setup() {
	gen_dm_ready dm-delay
}

dm_delay_start() {
	dmsetup create kti-delay --table "0 $GEN_RAM_SECTORS delay /dev/ram1 0 10"
}

dm_delay_stop() {
	dmsetup remove kti-delay
}

dm_delay_work_on() {
	gen_mirror_on kti-delay-mirror /dev/mapper/kti-delay
}

dm_delay_freeze_prepare() {
	gen_pin "$(gen_work_cpus)" $(gen_pids dm_delay)
	gen_mirror_restart kti-delay-mirror /dev/mapper/kti-delay
}

dm_delay_work_off() {
	gen_mirror_off kti-delay-mirror
}

# Writes completed through the delay device: the worker passes each one on.
dm_delay_progress() {
	dm_sectors_written kti-delay
}

[ -n "$GEN_DEFINE_ONLY" ] || gen_scenario dm_delay
