# SPDX-License-Identifier: GPL-2.0
#
# Iterant kthreads are visible in /sys/kernel/debug/kthread_iterant with the documented
# columns (pid type iterations state last_iteration_ms name), legacy kthreads are not, the
# counts move while the kthreads run, and the lines go away with the kthreads.
. /scenarios/lib.sh

plan 15
check "test module loads (2 iterant, 1 legacy, 1 non-freezable, kti_poison)" \
	insmod "$KTI_TEST_MODULE" nr_iterant=2 nr_legacy=1 nr_nofreeze=1 poison=1
sleep 1
check "debugfs file exists" test -r "$KTI_DEBUGFS"
diag "$(cat "$KTI_DEBUGFS" 2>&1)"
check "header names the documented columns" \
	test "$(head -n 1 "$KTI_DEBUGFS")" = "# pid type iterations state last_iteration_ms name"

# Every line: pid (a live task of that name), type 0x%08x, iterations, known state,
# last_iteration_ms, name.
well_formed() {
	awk '$1 != "#" {
		if (NF < 6 || $1 !~ /^[0-9]+$/ || $2 !~ /^0x[0-9a-f]{8}$/ || $3 !~ /^[0-9]+$/ ||
		    $4 !~ /^(running|sleeping|frozen|parked|stopped|stopping)$/ ||
		    $5 !~ /^[0-9]+$/) { print "bad line: " $0; bad = 1 }
	} END { exit bad }' "$KTI_DEBUGFS"
}
check "every line has the documented fields" well_formed

listed_ok() {
	for name in kti_iter/0 kti_iter/1 kti_nofrz/0 kti_monitor; do
		pid=$(debugfs_field "$name" 1)
		[ -n "$pid" ] || { echo "$name not listed"; return 1; }
		[ "$(cat "/proc/$pid/comm")" = "$name" ] || { echo "$name: pid $pid is not it"; return 1; }
	done
}
check "the module's iterant kthreads are listed with their pids" listed_ok

legacy_absent() {
	comm_pid kti_legacy/0 > /dev/null || return 1
	[ -z "$(debugfs_line kti_legacy/0)" ]
}
check "a legacy kthread runs but is not listed" legacy_absent

type_iter=$(debugfs_field kti_iter/0 2)
type_nofrz=$(debugfs_field kti_nofrz/0 2)
check "freezable iterant type is KTI_INT_SLEEP_TIMEOUT ($type_iter)" test "$type_iter" = 0x00000004
check "opted-out type adds KTI_NONFREEZABLE ($type_nofrz)" test "$type_nofrz" = 0x00000104

it1=$(debugfs_field kti_iter/0 3)
ms1=$(debugfs_field kti_iter/0 5)
sleep 1
it2=$(debugfs_field kti_iter/0 3)
ms2=$(debugfs_field kti_iter/0 5)
diag "kti_iter/0 iterations $it1 -> $it2, last_iteration_ms $ms1 -> $ms2"
check "iteration count grows while the kthread runs" test "${it2:-0}" -gt "${it1:-0}"
check "last_iteration_ms advances" test "${ms2:-0}" -gt "${ms1:-0}"

state=$(debugfs_field kti_iter/0 4)
check "a kthread that sleeps between iterations shows running or sleeping ($state)" \
	test "$state" = sleeping -o "$state" = running

# kti_poison stops on its own after 3 iterations; its destroy() overwrites its data with
# POISON_FREE (0x6b) and frees it, and its description was freed right after creation.
# The line must still show what the kthread was created with.
poison_line() {
	line=$(debugfs_line kti_poison)
	diag "kti_poison: $line"
	[ "$(echo "$line" | awk '{ print $4 }')" = stopping ]
}
check "kti_poison stopped on its own and waits for kthread_stop()" poison_line
type_poison=$(debugfs_field kti_poison 2)
it_poison=$(debugfs_field kti_poison 3)
check "after destroy() freed its data: type 0x00000004 ($type_poison), 3 iterations ($it_poison)" \
	test "$type_poison" = 0x00000004 -a "$it_poison" = 3
check "test module unloads" rmmod test_kthread_iterant
check "no line of the module's kthreads is left" test -z "$(awk '$NF ~ /^kti_/' "$KTI_DEBUGFS")"
