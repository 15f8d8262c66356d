# SPDX-License-Identifier: GPL-2.0
#
# kthread_park() and kthread_stop() of a frozen iterant kthread do not wait for the thaw.
# One freeze/thaw cycle (pm_test=freezer, pm_test_delay=5); while every freezable test
# kthread is frozen, the test module's non-freezable monitor parks and unparks an iterant
# kthread frozen in the sleep of the core loop, then stops one frozen there and one frozen
# at the checkpoint.  Each call must return within LIMIT_US, the unparked kthread must
# freeze again, both stopped ones must run destroy(), and all of it must happen while the
# system is still frozen.
. /scenarios/lib.sh

LIMIT_US=1000000
plan 10
check "at least 2 CPUs online ($(nproc))" test "$(nproc)" -ge 2
check "test module loads (1 iterant, 1 legacy, frozen_ops)" \
	insmod "$KTI_TEST_MODULE" nr_iterant=1 nr_legacy=1 nr_nofreeze=0 report_threads=0 \
	frozen_ops=1
sleep 1
check "pm_test=freezer with pm_test_delay=5" freezer_test_setup 5
mark=$(log_mark)
check "one freeze/thaw cycle" freeze_cycle
log_since "$mark" > /tmp/frozen-ops.log
freezer_test_teardown

ops=$(grep "kti_frozen_ops:" /tmp/frozen-ops.log | sed 's/.*kti_frozen_ops: //')
diag "frozen ops: ${ops:-none}"
diag "$(grep 'kti_freeze: cycle=1 ' /tmp/frozen-ops.log | sed 's/.*kti_freeze: //')"
field() {
	echo "$ops" | tr ' ' '\n' | sed -n "s/^$1=//p"
}
# within NAME: the time NAME (in us) was measured and is below LIMIT_US.
within() {
	[ -n "$(field "$1")" ] && [ "$(field "$1")" -ge 0 ] && [ "$(field "$1")" -lt $LIMIT_US ]
}
park_ok() {
	[ "$(field parked)" = 1 ] && within park_us
}
stops_ok() {
	within stop_sleeping_us && within stop_busy_us && [ "$(field destroyed)" = 2 ]
}
check "the three iterant kthreads were frozen when the monitor acted" \
	test "$(field victims_frozen)" = 1
check "kthread_park() of a kthread frozen in its sleep returned in $(field park_us) us, parked" \
	park_ok
check "unparked while the system is frozen, it froze again" test "$(field refrozen)" = 1
check "kthread_stop() in the sleep ($(field stop_sleeping_us) us) and at the checkpoint ($(field stop_busy_us) us), both ran destroy()" \
	stops_ok
check "all of it while the system was still frozen" test "$(field still_frozen)" = 1
check "test module unloads" rmmod test_kthread_iterant
