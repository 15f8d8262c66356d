#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kti-unit: drivers/md/dm-crypt.c:dmcrypt_write
#
# dmcrypt_write/<dev> (drivers/md/dm-crypt.c): crypt_ctr() creates it, crypt_dtr()
# kthread_stop()s it (dmsetup remove); the thread returns 0.  Not freezable.  It submits
# the encrypted writes (cipher_null here) in sector order; a dm mirror resyncing onto the
# crypt device keeps it busy while everything else is frozen.

. "$(dirname "$0")/conv-lib.sh"
. "$(dirname "$0")/gen-lib.sh"

dm_crypt_freezable=0
dm_crypt_exits=1
dm_crypt_stop_ret=0
dm_crypt_frozen_work=1

dm_crypt_setup() {
	gen_dm_ready dm-crypt crypto_null
}

# The name is "dmcrypt_write/MAJOR:MINOR"; the device number is known only once the device
# exists.
dm_crypt_start() {
	dmsetup create kti-crypt --table \
		"0 $GEN_RAM_SECTORS crypt cipher_null-ecb - 0 /dev/ram2 0" || return 1
	dm_crypt_comms=dmcrypt_write/$(cat "$(dm_sysfs kti-crypt)/dev")
}

dm_crypt_stop() {
	dmsetup remove kti-crypt
}

dm_crypt_work_on() {
	gen_mirror_on kti-crypt-mirror /dev/mapper/kti-crypt
}

dm_crypt_freeze_prepare() {
	gen_mirror_restart kti-crypt-mirror /dev/mapper/kti-crypt
}

dm_crypt_work_off() {
	gen_mirror_off kti-crypt-mirror
}

# Writes completed through the crypt device: the thread submits each one.
dm_crypt_progress() {
	dm_sectors_written kti-crypt
}

dm_crypt_comms=dmcrypt_write/
[ -n "$GEN_DEFINE_ONLY" ] || gen_scenario dm_crypt
