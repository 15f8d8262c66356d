# SPDX-License-Identifier: GPL-2.0
#
# Helpers of the generated-conversion scenarios (busybox ash).  Sourced after conv-lib.sh
# (the rig copies it here), never run.
#
# A scenario names the converted thread functions it exercises in "# kti-unit: FILE:FUNCTION"
# header lines (the rig takes the set from them, looks each up in the converter's report and
# applies its patch; /scenarios/generated/conversions.list lists what was applied).  It
# describes their kthreads with shell functions and variables named after a short tag, then
# calls gen_scenario TAG:
#
#   TAG_comms      name of each kthread (/proc/PID/comm: the full name; trace events
#                  show its first 15 characters), space separated
#   TAG_start      start them the subsystem's way (module load, knob, dmsetup create, ...)
#   TAG_stop       stop them the subsystem's way
#   TAG_work_on    give them work that goes on through a freezer cycle (optional)
#   TAG_work_off   end that work (optional)
#   TAG_freeze_prepare  make sure that work goes on through the coming freezer cycle
#                  (optional; runs on the work CPU, see gen_freeze_check)
#   TAG_progress   print the subsystem's own progress counter, one number
#   TAG_freezable  1 when the legacy thread called set_freezable(), else 0
#   TAG_exits      1 when TAG_stop ends the kthreads with kthread_stop(); 0 when the
#                  subsystem never stops them and they idle instead
#   TAG_stop_ret   what kthread_stop() returned for them in the legacy code
#   TAG_frozen_work  per kthread (or one value for all): 1 when the work keeps it busy
#                  while everything freezable is frozen, so the freezer cycle shows whether
#                  it froze; 0 when it idles then and only its recovery can be checked
#
# Per-thread progress on both kernels comes from /proc/PID/schedstat (CPU time, times
# scheduled in); on the converted kernel the iteration count of the iterant debugfs list
# must rise too.  The freezer cycle and kthread_stop() are traced in trace instances of
# their own, so a unit that itself lives on trace events (the trace benchmark) is left alone.

PATH=$PATH:/usr/sbin:/usr/bin:/sbin
GEN_TRACE_ROOT=/sys/kernel/tracing
GEN_PROGRESS_S=3
GEN_START_WORK_S=30
GEN_STOP_S=20
# Online CPUs, counted once: busybox nproc counts only those this shell may run on.
GEN_NCPUS=$(grep -c '^processor' /proc/cpuinfo)

# gen_tracing_ready: tracefs mounted and the instance for the freezer cycle set up; conv-lib's
# freezer helpers then work on that instance ($TRACEFS).  Its buffer keeps the oldest events
# when full (overwrite off): busy kthreads (vivid's output thread switches out thousands of
# times a second) would otherwise push the freezer's begin markers out of it after the thaw.
gen_tracing_ready() {
	[ -d "$GEN_TRACE_ROOT/instances" ] || mount -t tracefs nodev "$GEN_TRACE_ROOT" 2>/dev/null
	mkdir -p "$GEN_TRACE_ROOT/instances/kti_freeze" "$GEN_TRACE_ROOT/instances/kti_stop" ||
		return 1
	TRACEFS=$GEN_TRACE_ROOT/instances/kti_freeze
	echo 4096 > "$TRACEFS/buffer_size_kb" && echo 0 > "$TRACEFS/options/overwrite" &&
		[ -w "$TRACEFS/trace" ]
}

# sched_field PID N: field N of /proc/PID/schedstat (1 CPU time in ns, 3 times run).
sched_field() {
	awk -v n="$2" '{ print $n }' "/proc/$1/schedstat" 2>/dev/null
}

# iterations PID: the iteration count of PID in the iterant debugfs list (column found by
# its header name); empty when PID is not listed.
iterations() {
	[ -r "$KTI_DEBUGFS" ] || return 0
	awk -v p="$1" '
		NR == 1 { for (i = 2; i <= NF; i++) if ($i == "iterations") col = i - 1 }
		NR > 1 && $1 == p && col { print $col }' "$KTI_DEBUGFS"
}

# gen_pids TAG: the pid of each kthread of the unit, in TAG_comms order; false when one is
# missing.
gen_pids() {
	local comm pid

	for comm in $(eval echo "\$${1}_comms"); do
		pid=$(pid_of_comm "$comm" | head -n 1)
		[ -n "$pid" ] || return 1
		echo "$pid"
	done
}

gen_all_present() {
	gen_pids "$1" > /dev/null
}

gen_all_gone() {
	local comm

	for comm in $(eval echo "\$${1}_comms"); do
		[ -z "$(pid_of_comm "$comm")" ] || return 1
	done
}

# gen_nth LIST N: word N of LIST, or its first word when LIST is shorter.
gen_nth() {
	local word

	word=$(echo $1 | cut -d ' ' -f "$2")
	[ -n "$word" ] || word=$(echo $1 | cut -d ' ' -f 1)
	echo "$word"
}

# gen_units TAG: the kti-unit lines of the scenario defining TAG (TAG_script, else $0).
gen_units() {
	local script

	script=$(eval echo "\${${1}_script:-$0}")
	sed -n 's/^# kti-unit: //p' "$script"
}

# Written by the rig for every run of these scenarios, the stress pass's too.
GEN_CONVERSIONS=/scenarios/generated/conversions.list

# gen_conversion_check TAG: on the converted kernel, one test per unit that the rig applied
# its generated conversion (listed in conversions.list).
gen_conversion_check() {
	local unit

	[ "$(kti_flavour)" = converted ] || return 0
	for unit in $(gen_units "$1"); do
		grep -qx "$unit" "$GEN_CONVERSIONS" 2>/dev/null
		tap_result $? "$unit: the converter's conversion is applied to this kernel"
	done
}

# gen_repeat_on NAME USEC COMMAND...: run COMMAND every USEC microseconds in the
# background until gen_repeat_off NAME.
gen_repeat_on() {
	local name=$1 usec=$2

	shift 2
	(
		while :; do
			"$@" > /dev/null 2>&1
			usleep "$usec"
		done
	) &
	eval "gen_repeat_$name=$!"
}

gen_repeat_off() {
	gen_kill_wait "$(eval echo "\$gen_repeat_$1")"
}

# gen_kill_wait PID...: end background processes of this shell and reap them; with no PID
# nothing (a bare wait would wait for every background process of the shell).
gen_kill_wait() {
	[ "$#" -gt 0 ] || return 0
	kill "$@" 2>/dev/null
	wait "$@" 2>/dev/null
	return 0
}

# gen_call TAG FUNCTION: run TAG_FUNCTION when the scenario defines it.
gen_call() {
	if type "${1}_$2" > /dev/null 2>&1; then
		"${1}_$2"
	fi
}

# kstop_trace_start: trace every kthread_stop() (who is stopped, what it returned).
kstop_trace_start() {
	local dir=$GEN_TRACE_ROOT/instances/kti_stop

	echo 0 > "$dir/tracing_on"
	echo > "$dir/trace"
	echo 1 > "$dir/events/sched/sched_kthread_stop/enable" &&
		echo 1 > "$dir/events/sched/sched_kthread_stop_ret/enable" &&
		echo 1 > "$dir/tracing_on"
}

# kstop_results: "COMM RET" for every kthread_stop() traced since kstop_trace_start, pairing
# each stop with the return that follows it in the same stopping task.
kstop_results() {
	local dir=$GEN_TRACE_ROOT/instances/kti_stop

	awk '
		function task(   f) { f = $1; sub(/.*-/, "", f); return f }
		/ sched_kthread_stop: / {
			match($0, /comm=[^ ]*/); pending[task()] = substr($0, RSTART + 5, RLENGTH - 5)
		}
		/ sched_kthread_stop_ret: / {
			t = task()
			if (t in pending) {
				match($0, /ret=-?[0-9]+/); print pending[t], substr($0, RSTART + 4, RLENGTH - 4)
				delete pending[t]
			}
		}' "$dir/trace"
}

kstop_trace_stop() {
	local dir=$GEN_TRACE_ROOT/instances/kti_stop

	echo 0 > "$dir/tracing_on"
	echo 0 > "$dir/events/enable"
}

# gen_start TAG: start the unit and wait until all its kthreads exist.
gen_start() {
	"${1}_start" && wait_until 10 gen_all_present "$1"
}

# gen_stop TAG: stop the unit; when it exits, wait until all its kthreads are gone.
gen_stop() {
	"${1}_stop" || return 1
	[ "$(eval echo "\$${1}_exits")" = 1 ] || return 0
	wait_until "$GEN_STOP_S" gen_all_gone "$1"
}

# progressed TAG COUNT: the subsystem's counter is above COUNT.
progressed() {
	[ "$("${1}_progress")" -gt "$2" ]
}

# gen_progress_check TAG: one test that the subsystem made progress (within
# GEN_START_WORK_S seconds: the work may take a while to get going), then, after
# GEN_PROGRESS_S more seconds, one per kthread that it ran and on the converted kernel one
# per kthread that its iterations rose.
gen_progress_check() {
	local tag=$1 pids pid p0 p1 runs0 runs1 it0 it1 comm i r0

	pids=$(gen_pids "$tag")
	p0=$("${tag}_progress")
	runs0=$(for pid in $pids; do sched_field "$pid" 3; done)
	it0=$(for pid in $pids; do iterations "$pid"; done)
	wait_until "$GEN_START_WORK_S" progressed "$tag" "$p0"
	sleep "$GEN_PROGRESS_S"
	p1=$("${tag}_progress")
	runs1=$(for pid in $pids; do sched_field "$pid" 3; done)
	it1=$(for pid in $pids; do iterations "$pid"; done)
	tap_note "$tag: progress $p0 -> $p1; times run: $(echo $runs0) -> $(echo $runs1);" \
		"iterations: $(echo $it0) -> $(echo $it1)"
	[ "${p1:-0}" -gt "${p0:-0}" ]
	tap_result $? "$tag: the subsystem makes progress ($p0 -> $p1)"
	i=1
	for comm in $(eval echo "\$${tag}_comms"); do
		set -- $runs0
		shift $((i - 1))
		r0=$1
		set -- $runs1
		shift $((i - 1))
		[ "${1:-0}" -gt "${r0:-0}" ]
		tap_result $? "$comm runs while it has work"
		if [ "$(kti_flavour)" = converted ]; then
			set -- $it0
			shift $((i - 1))
			r0=$1
			set -- $it1
			shift $((i - 1))
			[ -n "$1" ] && [ "$1" -gt "${r0:-0}" ]
			tap_result $? "$comm: iterant iterations rise (${r0:-none} -> ${1:-none})"
		fi
		i=$((i + 1))
	done
}

# gen_freeze_cycle PID...: one traced freezer test cycle with the pm_test_delay that
# freeze_calibrate found; output as freeze_cycle_traced's.
gen_freeze_cycle() {
	freeze_trace_start "$@" && freeze_cycle_traced "$(freeze_delay)" "$@"
}

# CPU placement around a freezer cycle.  The frozen period of pm_test=freezer is a busy wait
# (mdelay) on the CPU of the task that wrote /sys/power/state, and this kernel does not
# preempt: nothing else runs on that CPU until the thaw, the kworkers of per-CPU workqueues
# included, and work queued there waits.  gen_freeze_check writes the state from the first
# CPU and runs TAG_freeze_prepare on the last one, so a unit whose work passes through
# per-CPU workqueues (dm's kmirrord and kcopyd queue on the CPU they run on) can start it
# there and keep it going while the rest is frozen.  Masks as taskset takes them.
GEN_FREEZER_CPUS=1

gen_work_cpus() {
	echo $((1 << (GEN_NCPUS - 1)))
}

gen_all_cpus() {
	echo $(((1 << GEN_NCPUS) - 1))
}

# gen_pin MASK PID...: let each PID run only on the CPUs of MASK; a note when one cannot.
gen_pin() {
	local mask=$1 pid

	shift
	for pid in "$@"; do
		taskset -p "$mask" "$pid" > /dev/null 2>&1 ||
			tap_note "cannot pin pid $pid to CPU mask $mask"
	done
}

# gen_freeze_check TAG: a traced freezer cycle while the unit has work; per kthread: a
# freezable one does nothing while frozen and runs after the thaw, a non-freezable one
# runs while the rest is frozen.  A unit whose kthreads idle while everything else is
# frozen (their work comes from user space) can only show that it works after the cycle.
gen_freeze_check() {
	local tag=$1 pids out rc comm pid window ran_in ran_after frozen_work freezable p0 p1 i

	pids=$(gen_pids "$tag")
	frozen_work=$(eval echo "\$${tag}_frozen_work")
	freezable=$(eval echo "\$${tag}_freezable")
	[ "$GEN_NCPUS" -ge 2 ] || tap_note "one CPU: the frozen period's busy wait holds it"
	gen_pin "$(gen_work_cpus)" $$
	gen_call "$tag" freeze_prepare
	gen_pin "$GEN_FREEZER_CPUS" $$
	out=$(gen_freeze_cycle $pids)
	rc=$?
	gen_pin "$(gen_all_cpus)" $$
	window=$(echo "$out" | awk '$1 == "window" { print $2 }')
	[ "$rc" -eq 0 ] && [ "${window:-0}" -ge "$MIN_WINDOW_MS" ]
	tap_result $? "$tag: freezer cycle completes (frozen for ${window:-?} ms)"
	i=0
	for comm in $(eval echo "\$${tag}_comms"); do
		i=$((i + 1))
		pid=$(echo $pids | cut -d ' ' -f "$i")
		ran_in=$(echo "$out" | awk -v p="$pid" '$1 == p { print $4 }')
		ran_after=$(echo "$out" | awk -v p="$pid" '$1 == p { print $5 }')
		tap_note "$comm (pid $pid): scheduler events while frozen ${ran_in:-?}," \
			"in 2 s after the thaw ${ran_after:-?}"
		[ "$(gen_nth "$frozen_work" "$i")" = 1 ] || continue
		if [ "$freezable" = 1 ]; then
			[ "${ran_in:-1}" -eq 0 ] && [ "${ran_after:-0}" -gt 0 ]
			tap_result $? "$comm is frozen with work pending and runs after the thaw"
		else
			[ "${ran_in:-0}" -gt 0 ]
			tap_result $? "$comm (not freezable) keeps running while the rest is frozen"
		fi
	done
	# Every unit: still there and working after the cycle.
	p0=$("${tag}_progress")
	sleep 2
	p1=$("${tag}_progress")
	gen_all_present "$tag" && [ "${p1:-0}" -gt "${p0:-0}" ]
	tap_result $? "$tag: kthreads still there and making progress after the cycle ($p0 -> $p1)"
}

# gen_stop_check TAG: stop the subsystem's way; the kthreads are gone and each
# kthread_stop() returned what the legacy code returned; or, for a unit whose kthreads
# the subsystem never stops, they stay and stop making progress.
gen_stop_check() {
	local tag=$1 exits want results comm got pids pid r0 r1

	exits=$(eval echo "\$${tag}_exits")
	want=$(eval echo "\$${tag}_stop_ret")
	pids=$(gen_pids "$tag")
	kstop_trace_start || tap_abort "cannot trace sched_kthread_stop"
	gen_call "$tag" work_off
	gen_stop "$tag"
	tap_result $? "$tag: stopped the subsystem's way"
	results=$(kstop_results)
	kstop_trace_stop
	tap_note "kthread_stop() calls: $(echo $results)"
	results=$(for comm in $(eval echo "\$${tag}_comms"); do
		echo "$results" | awk -v c="$comm" '$1 == substr(c, 1, 15)'
	done)
	if [ "$exits" = 1 ]; then
		for comm in $(eval echo "\$${tag}_comms"); do
			got=$(echo "$results" |
				awk -v c="$comm" '$1 == substr(c, 1, 15) { print $2 }' | tail -n 1)
			[ -z "$(pid_of_comm "$comm")" ] && [ "$got" = "$want" ]
			tap_result $? "$comm is gone and kthread_stop() returned ${got:-nothing} (legacy: $want)"
		done
	else
		sleep 1
		r0=$(for pid in $pids; do sched_field "$pid" 3; done)
		sleep 2
		r1=$(for pid in $pids; do sched_field "$pid" 3; done)
		tap_note "$tag after the stop: times run $(echo $r0) -> $(echo $r1)"
		gen_all_present "$tag" && [ "$(echo $r0)" = "$(echo $r1)" ] &&
			[ -z "$results" ]
		tap_result $? "$tag: kthreads stay, idle, and nothing kthread_stop()s them"
	fi
}

# gen_scenario TAG: the whole scenario of one unit.
gen_scenario() {
	local tag=$1 comm

	tap_plan "$(gen_plan "$tag")"
	tap_note "$(echo $(gen_units "$tag")) on the $(kti_flavour) kernel"
	gen_tracing_ready || tap_abort "no tracefs instances"
	freeze_calibrate || tap_note "pm_test_delay calibration fell short of $MIN_WINDOW_MS ms"
	gen_conversion_check "$tag"
	gen_call "$tag" setup || tap_abort "$tag: setup failed"
	gen_start "$tag"
	tap_result $? "$tag: started the subsystem's way, kthreads $(eval echo "\$${tag}_comms")"
	for comm in $(eval echo "\$${tag}_comms"); do
		check_iterant "$comm" "$(pid_of_comm "$comm" | head -n 1)"
	done
	gen_call "$tag" work_on
	gen_progress_check "$tag"
	gen_freeze_check "$tag"
	gen_stop_check "$tag"
	# Started again after the stop, it works again (the stress pass does this 20 times).
	gen_start "$tag" && gen_call "$tag" work_on && {
		p0=$("${tag}_progress"); sleep 2; [ "$("${tag}_progress")" -gt "$p0" ]
	}
	tap_result $? "$tag: starts and works again after the stop"
	gen_call "$tag" work_off
	gen_stop "$tag"
	gen_call "$tag" teardown
	tap_finish
}

# gen_plan TAG: the number of tests gen_scenario reports.
gen_plan() {
	local tag=$1 n busy=0 i per=1 stops=1 applied=0

	n=$(echo $(eval echo "\$${tag}_comms") | wc -w)
	i=1
	while [ "$i" -le "$n" ]; do
		[ "$(gen_nth "$(eval echo "\$${tag}_frozen_work")" "$i")" = 1 ] && busy=$((busy + 1))
		i=$((i + 1))
	done
	if [ "$(kti_flavour)" = converted ]; then
		per=2
		applied=$(gen_units "$tag" | wc -l)
	fi
	[ "$(eval echo "\$${tag}_exits")" = 1 ] && stops=$n
	# applied, start, kinds, progress, freezer cycle, stop, restart
	echo $((applied + 1 + n + 1 + n * per + 1 + busy + 1 + 1 + stops + 1))
}

# gen_memory_holder_on NAME MIB [merge]: a background process holding MIB of anonymous
# memory until gen_memory_holder_off NAME (it blocks reading a FIFO nobody writes).  With
# merge it is perl, which first asks for KSM merging of all its memory
# (prctl(PR_SET_MEMORY_MERGE, 1), syscall 157 on x86_64).
gen_memory_holder_on() {
	local fifo=/tmp/gen-hold-$1

	rm -f "$fifo"
	mkfifo "$fifo" || return 1
	if [ "$3" = merge ]; then
		perl -e 'syscall(157, 67, 1, 0, 0, 0) == 0 or die "prctl: $!\n";
			my $s = "k" x ($ARGV[0] << 20); open(my $f, "<", $ARGV[1]) or die; <$f>;' \
			"$2" "$fifo" &
	else
		awk -v mib="$2" -v f="$fifo" 'BEGIN {
			s = "m"; while (length(s) < mib * 1048576) s = s s; getline x < f }' &
	fi
	eval "gen_holder_$1=$!"
}

gen_memory_holder_off() {
	gen_kill_wait "$(eval echo "\$gen_holder_$1")"
	rm -f "/tmp/gen-hold-$1"
}

# Block devices for the dm units: brd's ram disks, /dev/ram0 the mirror source of every
# unit (never written: a resync copies its zeroes all the same), the others one or two per
# unit.  dmsetup manages /dev/mapper itself (no udev).
export DM_DISABLE_UDEV=1
GEN_RAM_KB=32768
GEN_RAM_SECTORS=$((GEN_RAM_KB * 2))

ram_disks_ready() {
	[ -b /dev/ram7 ]
}

# gen_dm_ready MODULE...: brd with 8 ram disks, dm, the mirror target and the target
# modules loaded.  The mirror's resync is throttled to 1% of the time (kcopyd sleeps
# 100 ms at a time), so that one resync outlasts a freezer cycle.
gen_dm_ready() {
	local module

	if ! ram_disks_ready; then
		load_module brd rd_nr=8 rd_size="$GEN_RAM_KB" || return 1
		wait_until 5 ram_disks_ready || return 1
	fi
	load_module dm-mirror raid1_resync_throttle=1 || return 1
	for module in "$@"; do
		load_module "$module" || return 1
	done
}

# dm_sysfs NAME: /sys/block/dm-N of the dm device NAME.
dm_sysfs() {
	local dir

	for dir in /sys/block/dm-*; do
		[ "$(cat "$dir/dm/name" 2>/dev/null)" = "$1" ] && echo "$dir" && return 0
	done
	return 1
}

# dm_sectors_written NAME: sectors of the writes the dm device NAME completed (dm accounts
# its I/O; brd does not).
dm_sectors_written() {
	awk '{ print $7 }' "$(dm_sysfs "$1")/stat"
}

# mirror_synced NAME: the dm mirror NAME has copied every region.
mirror_synced() {
	dmsetup status "$1" 2>/dev/null |
		awk '{ split($7, r, "/"); exit !(r[1] == r[2] && r[2] > 0) }'
}

# mirror_settled NAME: synced, or gen_mirror_off NAME asked the loop to end.
mirror_settled() {
	[ ! -e "/tmp/gen-mirror-$1" ] || mirror_synced "$1"
}

# gen_mirror_on NAME DEV: keep a dm mirror NAME resyncing /dev/ram0 onto DEV: created with
# an in-memory log, it copies every region from dm's own workqueues, which are not
# freezable, so DEV gets writes while every freezable task is frozen.  A background loop
# recreates the mirror whenever a resync is done, until gen_mirror_off NAME.
gen_mirror_on() {
	touch "/tmp/gen-mirror-$1"
	(
		while [ -e "/tmp/gen-mirror-$1" ]; do
			dmsetup create "$1" --table \
				"0 $GEN_RAM_SECTORS mirror core 1 1024 2 /dev/ram0 0 $2 0" || break
			wait_until 300 mirror_settled "$1"
			dmsetup remove "$1" || break
		done
	) > /dev/null 2>&1 &
	eval "gen_mirror_loop_$(echo "$1" | tr -c 'A-Za-z0-9\n' _)=$!"
}

# gen_mirror_restart NAME DEV: start a fresh resync now (a whole device to copy, which
# outlasts a freezer cycle), whatever the loop was doing.
gen_mirror_restart() {
	gen_mirror_off "$1"
	gen_mirror_on "$1" "$2"
	wait_until 10 dm_sysfs "$1" > /dev/null
}

gen_mirror_off() {
	rm -f "/tmp/gen-mirror-$1"
	wait "$(eval echo "\$gen_mirror_loop_$(echo "$1" | tr -c 'A-Za-z0-9\n' _)")" 2>/dev/null
	dmsetup remove "$1" 2>/dev/null
	return 0
}
