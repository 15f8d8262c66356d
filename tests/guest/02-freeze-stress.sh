# SPDX-License-Identifier: GPL-2.0
#
# Freeze stress: 50 freeze/thaw cycles (pm_test=freezer, no delay) with freezable iterant,
# legacy freezable and opted-out iterant kthreads running.  Every cycle must succeed, no task
# may refuse to freeze, and all test kthreads must keep iterating afterwards.
. /scenarios/lib.sh

CYCLES=50
plan 8
check "test module loads (4 iterant, 2 legacy, 2 non-freezable)" \
	insmod "$KTI_TEST_MODULE" nr_iterant=4 nr_legacy=2 nr_nofreeze=2 report_threads=0
check "pm_test=freezer with pm_test_delay=0" freezer_test_setup 0
mark=$(log_mark)

failed=0
i=0
while [ $i -lt $CYCLES ]; do
	i=$((i + 1))
	if ! freeze_cycle; then
		failed=$((failed + 1))
		diag "cycle $i: writing freeze to /sys/power/state failed"
	fi
done
check "$CYCLES cycles, every write to /sys/power/state succeeded ($failed failed)" \
	test $failed -eq 0

log_since "$mark" > /tmp/stress.log
completed=$(grep -c "Freezing remaining freezable tasks completed" /tmp/stress.log)
check "kernel completed the kernel-thread freeze $CYCLES times ($completed)" \
	test "$completed" -eq $CYCLES
problems=$(grep -c -e "refusing to freeze" -e "Freezing of tasks failed" -e "Freezing .* aborted" \
	/tmp/stress.log)
check "no freeze attempt failed or was aborted ($problems)" test "$problems" -eq 0

seen=$(grep -c "kti_freeze: cycle=" /tmp/stress.log)
check "test module saw $CYCLES suspend cycles ($seen)" test "$seen" -eq $CYCLES
# In cycles where the monitor caught the system frozen, freezable kthreads made no progress.
moved=$(grep "kti_freeze: cycle=.* seen_frozen=1" /tmp/stress.log |
	grep -vc "freezable_progress=0 ")
caught=$(grep -c "kti_freeze: cycle=.* seen_frozen=1" /tmp/stress.log)
diag "cycles in which all freezable test kthreads were caught frozen: $caught of $CYCLES"
check "freezable kthreads never moved while caught frozen ($moved cycles moved)" \
	test "$moved" -eq 0

freezer_test_teardown
progress_after() {
	before=$(awk '$NF ~ /^kti_(iter|nofrz)\// { s += $3 } END { print s + 0 }' "$KTI_DEBUGFS")
	sleep 1
	after=$(awk '$NF ~ /^kti_(iter|nofrz)\// { s += $3 } END { print s + 0 }' "$KTI_DEBUGFS")
	frozen=$(awk '$NF ~ /^kti_/ && $4 == "frozen"' "$KTI_DEBUGFS")
	diag "iterations of the iterant test kthreads: $before -> $after"
	[ "$after" -gt "$before" ] && [ -z "$frozen" ]
}
if progress_after && rmmod test_kthread_iterant; then
	ok "all test kthreads thawed, keep iterating, and stop on unload"
else
	not_ok "all test kthreads thawed, keep iterating, and stop on unload"
fi
