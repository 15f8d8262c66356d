#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Stress pass over every unit of this directory at once: all started and given work, 50
# freezer cycles, then 20 stop/start cycles of each unit while the others keep running.
# kthread_stop() is traced throughout: every stop of every kthread must return what the
# legacy code returned.  Unit definitions come from tests/guest/generated/NN-name.sh, which
# the rig puts in units/ (where /init does not run them), sourced with GEN_DEFINE_ONLY set
# so that they only define their functions.  `make stress-converted` (and stress-baseline),
# not part of make check.

. "$(dirname "$0")/conv-lib.sh"
. "$(dirname "$0")/gen-lib.sh"

FREEZE_CYCLES=50
STOP_CYCLES=20

GEN_DEFINE_ONLY=1
tags=""
for script in "$(dirname "$0")"/units/[0-9]*.sh; do
	tag=$(sed -n 's/^\[ -n "$GEN_DEFINE_ONLY" \] || gen_scenario \([a-z_]*\)$/\1/p' "$script")
	[ -n "$tag" ] || continue
	. "$script"
	eval "${tag}_script=$script"
	tags="$tags $tag"
done
ntags=$(echo $tags | wc -w)
tap_plan $((4 * ntags + 1))
tap_note "units:$tags on the $(kti_flavour) kernel"
gen_tracing_ready || tap_abort "no tracefs instances"
kstop_trace_start || tap_abort "cannot trace sched_kthread_stop"

# stress_work_on TAG: the unit's work for the stress pass: TAG_stress_work_on when the
# scenario has one (psi's busy loops would starve everything else here), else TAG_work_on.
stress_work_on() {
	if type "${1}_stress_work_on" > /dev/null 2>&1; then
		"${1}_stress_work_on"
	else
		gen_call "$1" work_on
	fi
}

for tag in $tags; do
	gen_call "$tag" setup && gen_start "$tag" && stress_work_on "$tag"
	tap_result $? "$tag: started with the others running"
done

# 50 freezer cycles without delay, all units busy.
echo 0 > /sys/module/suspend/parameters/pm_test_delay
echo freezer > /sys/power/pm_test
failed=0
start=$(uptime_cs)
i=0
while [ "$i" -lt "$FREEZE_CYCLES" ]; do
	echo freeze > /sys/power/state || failed=$((failed + 1))
	i=$((i + 1))
done
took=$(( $(uptime_cs) - start ))
echo none > /sys/power/pm_test
echo 5 > /sys/module/suspend/parameters/pm_test_delay
tap_note "stress: $FREEZE_CYCLES freezer cycles in $took cs, $failed failed"
[ "$failed" -eq 0 ]
tap_result $? "$FREEZE_CYCLES freezer cycles with every unit running ($took cs)"

for tag in $tags; do
	p0=$("${tag}_progress")
	wait_until "$GEN_START_WORK_S" progressed "$tag" "$p0"
	p1=$("${tag}_progress")
	gen_all_present "$tag" && [ "${p1:-0}" -gt "${p0:-0}" ]
	tap_result $? "$tag: kthreads there and making progress after the cycles ($p0 -> $p1)"
done

# stress_left TAG: the unit's kthreads that still exist, as "comm(pid)".
stress_left() {
	local comm pid

	for comm in $(eval echo "\$${1}_comms"); do
		for pid in $(pid_of_comm "$comm"); do
			echo "$comm($pid)"
		done
	done
}

# 20 stop/start cycles of each unit, the others running.  The first cycle that fails ends
# the unit's cycles (each can wait GEN_STOP_S + 10 s), leaving the guest's time to the others.
for tag in $tags; do
	gen_call "$tag" work_off
	failed=""
	start=$(uptime_cs)
	i=0
	while [ "$i" -lt "$STOP_CYCLES" ]; do
		i=$((i + 1))
		gen_stop "$tag" || { failed="stop $i: $(echo $(stress_left "$tag")) left"; break; }
		gen_start "$tag" || { failed="start $i: kthreads did not all appear"; break; }
	done
	took=$(( $(uptime_cs) - start ))
	stress_work_on "$tag"
	tap_note "stress: $tag $i stop/start cycles in $took cs${failed:+, failed at $failed}"
	[ -z "$failed" ]
	tap_result $? "$tag: $STOP_CYCLES stop/start cycles ($took cs)"
done

for tag in $tags; do
	gen_call "$tag" work_off
	gen_stop "$tag"
done
results=$(kstop_results)
kstop_trace_stop
for tag in $tags; do
	want=$(eval echo "\$${tag}_stop_ret")
	if [ "$(eval echo "\$${tag}_exits")" = 1 ]; then
		bad=""
		for comm in $(eval echo "\$${tag}_comms"); do
			calls=$(echo "$results" | awk -v c="$comm" '$1 == substr(c, 1, 15)' | wc -l)
			wrong=$(echo "$results" |
				awk -v c="$comm" -v w="$want" '$1 == substr(c, 1, 15) && $2 != w' | wc -l)
			tap_note "$comm: $calls kthread_stop() calls, $wrong returned other than $want"
			[ "$calls" -eq $((STOP_CYCLES + 1)) ] && [ "$wrong" -eq 0 ] || bad="$bad $comm"
		done
		[ -z "$bad" ]
		tap_result $? "$tag: each of $((STOP_CYCLES + 1)) kthread_stop() calls per kthread returned $want"
	else
		calls=0
		for comm in $(eval echo "\$${tag}_comms"); do
			calls=$((calls + $(echo "$results" | awk -v c="$comm" '$1 == substr(c, 1, 15)' |
				wc -l)))
		done
		[ "$calls" -eq 0 ]
		tap_result $? "$tag: never kthread_stop()ped, as in the legacy code"
	fi
done
for tag in $tags; do
	gen_call "$tag" teardown
done
tap_finish
