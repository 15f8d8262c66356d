# SPDX-License-Identifier: GPL-2.0
#
# kthread_iterant_create_on_cpu() kthreads are per-CPU: kthread_unpark() binds them to
# their CPU again.  The test module creates kti_percpu/1 while CPU 1 is offline and starts
# it parked: its first wake-up runs on CPU 0, which breaks the binding to CPU 1.  Once CPU
# 1 is online again, unparking must bring it back to CPU 1 only, and a park/unpark cycle
# must keep it there.
. /scenarios/lib.sh

CPU1=/sys/devices/system/cpu/cpu1/online
PARAMS=/sys/module/test_kthread_iterant/parameters
plan 9
check "CPU 1 can go offline" test -w "$CPU1"
check "CPU 1 goes offline" sh -c "echo 0 > $CPU1"
check "test module loads with a per-CPU kthread for CPU 1, parked" \
	insmod "$KTI_TEST_MODULE" nr_iterant=0 nr_legacy=0 nr_nofreeze=0 percpu=1 percpu_cpu=1 \
	percpu_parked=1
pid=$(comm_pid kti_percpu/1)
state() {
	sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$pid/status"
}
allowed() {
	sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' "/proc/$pid/status"
}
# Field 39 of /proc/PID/stat, counted after the command name.
last_cpu() {
	sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $37 }'
}
diag "kti_percpu/1 is pid ${pid:-none}, state $(state), allowed CPUs $(allowed)"
check "kti_percpu/1 is parked" test -n "$pid" -a "$(state)" = P
check "CPU 1 comes back online" sh -c "echo 1 > $CPU1"

iterations() {
	debugfs_field kti_percpu/1 3
}
runs_on_cpu1() {
	before=$(iterations)
	sleep 1
	after=$(iterations)
	diag "iterations ${before:-none} -> ${after:-none}, last ran on CPU $(last_cpu), allowed CPUs $(allowed)"
	[ "${after:-0}" -gt "${before:-0}" ] && [ "$(last_cpu)" = 1 ] && [ "$(allowed)" = 1 ]
}
check "kti_percpu/1 unparks" sh -c "echo 0 > $PARAMS/percpu_parked"
check "it iterates on CPU 1, bound to CPU 1 alone" runs_on_cpu1
park_cycle() {
	echo 1 > "$PARAMS/percpu_parked" && [ "$(state)" = P ] &&
		echo 0 > "$PARAMS/percpu_parked" && runs_on_cpu1
}
check "park and unpark keep it on CPU 1" park_cycle
check "test module unloads" rmmod test_kthread_iterant
