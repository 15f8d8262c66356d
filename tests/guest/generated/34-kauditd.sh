#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kti-unit: kernel/audit.c:kauditd_thread
#
# kauditd (kernel/audit.c): created at boot, never stopped.  It hands every audit record to
# auditd or, with none registered, to printk ("audit: type=1107 ..." for auditctl -m).
# Freezable (wait_event_freezable()).  Its work comes from user space only, so it idles while
# everything freezable is frozen: the freezer cycle can only show that it works after it.

. "$(dirname "$0")/conv-lib.sh"
. "$(dirname "$0")/gen-lib.sh"

kauditd_comms=kauditd
kauditd_freezable=1
kauditd_exits=0
kauditd_stop_ret=none
kauditd_frozen_work=0

kauditd_start() {
	auditctl -e 1 > /dev/null
}

kauditd_stop() {
	auditctl -e 0 > /dev/null
}

kauditd_work_on() {
	gen_repeat_on kauditd 200000 auditctl -m kti-gen
}

kauditd_work_off() {
	gen_repeat_off kauditd
}

# Each record wakes kauditd to hand it on (printk, which rate-limits what it prints).
kauditd_progress() {
	sched_field "$(pid_of_comm kauditd | head -n 1)" 3
}

[ -n "$GEN_DEFINE_ONLY" ] || gen_scenario kauditd
