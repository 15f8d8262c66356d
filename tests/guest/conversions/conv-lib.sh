# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the conversion scenarios (busybox ash).  Sourced, never run.
#
# The scenarios print TAP: a plan line, then one "ok N - desc" or "not ok N - desc" per test.
# A test that cannot run is reported as "not ok" with the reason; nothing is skipped.
#
# Kernel flavour: some properties differ on purpose between the unconverted (baseline) and
# the converted kernel, e.g. the ring buffer benchmark only becomes freezable with the
# conversion.  The scenario asserts the behaviour expected for the flavour it is told it runs
# on (KTI_KERNEL=baseline|converted in the environment, or kti.kernel= on the kernel command
# line), so the same measurement proves the difference.

TRACEFS=/sys/kernel/tracing

kti_planned=0
kti_done=0
kti_failed=0

# tap_plan N: announce N tests.
tap_plan() {
	kti_planned=$1
	echo "1..$1"
}

# tap_result RC DESC: report test number kti_done+1 as passed when RC is 0.
tap_result() {
	kti_done=$((kti_done + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $kti_done - $2"
	else
		echo "not ok $kti_done - $2"
		kti_failed=$((kti_failed + 1))
	fi
}

# tap_note TEXT: a diagnostic line (ignored by TAP consumers, read by humans).
tap_note() {
	echo "# $*"
}

# tap_abort REASON: report every test not yet reported as failed, then exit.
tap_abort() {
	tap_note "aborting: $*"
	while [ "$kti_done" -lt "$kti_planned" ]; do
		tap_result 1 "not run: $*"
	done
	exit 1
}

# tap_finish: fail tests that were planned but never reported (a scenario bug), then
# exit 1 when any test failed.
tap_finish() {
	if [ "$kti_done" -lt "$kti_planned" ]; then
		tap_abort "scenario ended after $kti_done of $kti_planned tests"
	fi
	[ "$kti_failed" -eq 0 ] || exit 1
	exit 0
}

# kti_flavour: print baseline, converted or unknown.
kti_flavour() {
	local word

	case "$KTI_KERNEL" in
	baseline|converted)
		echo "$KTI_KERNEL"
		return
		;;
	esac
	for word in $(cat /proc/cmdline); do
		case "$word" in
		kti.kernel=baseline|kti.kernel=converted)
			echo "${word#kti.kernel=}"
			return
			;;
		esac
	done
	echo unknown
}

# uptime_cs: time since boot in centiseconds (busybox date has no sub-second clock).
uptime_cs() {
	local up

	read up _ < /proc/uptime
	echo "${up%.*}${up#*.}" | sed 's/^0*//;s/^$/0/'
}

# pid_of_comm NAME: pids whose /proc/PID/comm is exactly NAME, one per line (for a kthread
# that is its full name, also past the 15 characters of task->comm).  One grep over all of
# /proc: a shell loop forking cat per task takes seconds under TCG.
pid_of_comm() {
	grep -lxF -- "$1" /proc/[0-9]*/comm 2>/dev/null | cut -d / -f 3
}

# wait_until SECONDS COMMAND [ARG...]: poll COMMAND every 0.1 s until it succeeds; false
# when it still fails after SECONDS.
wait_until() {
	local i=0 limit=$(($1 * 10))

	shift
	while [ "$i" -lt "$limit" ]; do
		"$@" && return 0
		usleep 100000
		i=$((i + 1))
	done
	return 1
}

comm_exists() {
	[ -n "$(pid_of_comm "$1")" ]
}

# wait_for_comm NAME SECONDS: wait until a task NAME exists; print its pid.
wait_for_comm() {
	wait_until "$2" comm_exists "$1" && pid_of_comm "$1" | head -n 1
}

task_gone() {
	[ ! -d "/proc/$1" ]
}

# wait_gone PID SECONDS: wait until task PID no longer exists.
wait_gone() {
	wait_until "$2" task_gone "$1"
}

# task_state PID: the one-letter scheduler state (R, S, D, T, I, ...).
task_state() {
	sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null
}

# state_in PID LETTERS: true when PID's state is one of LETTERS.
state_in() {
	case "$(task_state "$1")" in
	[$2])
		return 0
		;;
	esac
	return 1
}

# wait_state PID LETTERS SECONDS: wait until PID's state is one of LETTERS.
wait_state() {
	wait_until "$3" state_in "$1" "$2"
}

# cpu_ticks PID: utime + stime of PID in clock ticks.
cpu_ticks() {
	# comm is field 2 and may contain spaces: cut after the closing parenthesis.
	sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

# tracing_ready: mount tracefs when needed; fail when the kernel has no tracing.
tracing_ready() {
	[ -d "$TRACEFS/events" ] || mount -t tracefs nodev "$TRACEFS" 2>/dev/null
	[ -w "$TRACEFS/trace" ]
}

# trace_reset: stop tracing, disable every event and kprobe, empty the buffer.
trace_reset() {
	echo 0 > "$TRACEFS/tracing_on"
	echo 0 > "$TRACEFS/events/enable"
	echo 0 > "$TRACEFS/events/sched/sched_stat_runtime/filter" 2>/dev/null
	echo 0 > "$TRACEFS/events/sched/sched_switch/filter" 2>/dev/null
	echo > "$TRACEFS/trace"
}

# freeze_trace_start KEY...: start tracing the CPU time the tasks named by KEY get (each a
# pid, or a comm for tasks that do not exist yet), their switches out, and the freezer's
# markers.  The sched:sched_stat_runtime event is emitted whenever the scheduler accounts a
# running task's time, also on every tick of a busy one; sched:sched_switch counts the
# sleeps of a task that only runs in short bursts.
freeze_trace_start() {
	local filter="" switches="" key

	for key in "$@"; do
		case "$key" in
		*[!0-9]*)
			switches="${switches:+$switches || }prev_comm == \"$key\""
			key="comm == \"$key\""
			;;
		*)
			switches="${switches:+$switches || }prev_pid == $key"
			key="pid == $key"
			;;
		esac
		filter="${filter:+$filter || }$key"
	done
	trace_reset
	echo "$filter" > "$TRACEFS/events/sched/sched_stat_runtime/filter" || return 1
	echo "$switches" > "$TRACEFS/events/sched/sched_switch/filter" || return 1
	echo 1 > "$TRACEFS/events/sched/sched_stat_runtime/enable" || return 1
	echo 1 > "$TRACEFS/events/sched/sched_switch/enable" || return 1
	echo 1 > "$TRACEFS/events/power/suspend_resume/enable" || return 1
	echo 1 > "$TRACEFS/tracing_on"
}

# freeze_trace_phases: the trace of a freezer cycle, each line prefixed with its phase:
# 0 before freezing began, 1 freezing, 2 frozen, 3 thawing, 4 after the thaw.  A marker
# line carries the phase it starts.
freeze_trace_phases() {
	awk '
		/suspend_resume: freeze_processes\[0\] begin/ { phase = 1 }
		/suspend_resume: freeze_processes\[0\] end/ { phase = 2 }
		/suspend_resume: thaw_processes\[0\] begin/ { phase = 3 }
		/suspend_resume: thaw_processes\[0\] end/ { phase = 4 }
		{ print phase + 0, $0 }' "$TRACEFS/trace"
}

# freeze_cycle_traced DELAY KEY...: one freezer test cycle (pm_test=freezer, pm_test_delay
# DELAY) after freeze_trace_start KEY....  Prints "window MS" (trace time of the frozen
# phase, from the end of freeze_processes to the start of thaw_processes), then
# "KEY RAN_IN_WINDOW RAN_AFTER EVENTS_IN_WINDOW EVENTS_AFTER" per key: runtime in ns in that
# window (a frozen task never runs there) and within 2 s after the thaw, and how many
# runtime and switch-out events it had in each (with the guest's coarse clock a short burst
# is charged 0 ns, but it still switches out).  Returns 1 when the cycle failed or the trace
# lacks the freezer markers.
freeze_cycle_traced() {
	local delay=$1 rc

	shift
	echo "$delay" > /sys/module/suspend/parameters/pm_test_delay || return 1
	echo freezer > /sys/power/pm_test || return 1
	echo freeze > /sys/power/state
	rc=$?
	echo none > /sys/power/pm_test
	# Leave the default for whoever runs a freezer test next.
	echo 5 > /sys/module/suspend/parameters/pm_test_delay
	sleep 2
	echo 0 > "$TRACEFS/tracing_on"
	[ "$rc" -eq 0 ] || return 1
	freeze_trace_phases | awk -v keys="$*" '
		function stamp() {
			match($0, /[0-9]+\.[0-9]+: suspend_resume:/)
			return substr($0, RSTART, RLENGTH - 16) + 0
		}
		function field(name) {
			if (match($0, " " name "=[^ ]+") == 0)
				return ""
			return substr($0, RSTART + length(name) + 2, RLENGTH - length(name) - 2)
		}
		BEGIN { n = split(keys, list, " "); last = 0 }
		$1 != last {
			if ($1 == 2) t0 = stamp()
			if ($1 == 3 && last == 2) t1 = stamp()
			if ($1 == 4) thawed = 1
			last = $1
		}
		/sched_stat_runtime:/ {
			ns = field("runtime")
			if (ns == "")
				next
			for (k = 1; k <= 2; k++) {
				key = field(k == 1 ? "pid" : "comm")
				if ($1 == 2) { inwin[key] += ns; evin[key]++ }
				if ($1 == 4) { after[key] += ns; evafter[key]++ }
			}
		}
		/sched_switch:/ {
			for (k = 1; k <= 2; k++) {
				key = field(k == 1 ? "prev_pid" : "prev_comm")
				if ($1 == 2) evin[key]++
				if ($1 == 4) evafter[key]++
			}
		}
		END {
			printf "window %d\n", (t1 - t0) * 1000
			for (i = 1; i <= n; i++)
				printf "%s %.0f %.0f %d %d\n", list[i], inwin[list[i]], after[list[i]],
					evin[list[i]], evafter[list[i]]
			exit (t0 > 0 && t1 > 0 && thawed) ? 0 : 1
		}'
}

# freeze_cycle_once DELAY KEY...: freeze_trace_start and freeze_cycle_traced in one.
freeze_cycle_once() {
	local delay=$1

	shift
	freeze_trace_start "$@" || return 1
	freeze_cycle_traced "$delay" "$@"
}

# freeze_cycle_progress PID...: freeze_cycle_once with a frozen period of at least
# MIN_WINDOW_MS.  pm_test_delay is an mdelay(), whose calibration under TCG can be off by
# orders of magnitude (seen: 5 s lasting 8 ms), so the delay grows until the window is
# long enough for a running task to show up; the output of the last cycle is printed.
# The delay that worked is kept in FREEZE_DELAY_FILE, so later cycles in this boot need
# one attempt only (see freeze_calibrate).
MIN_WINDOW_MS=1000
FREEZE_DELAY_FILE=/tmp/kti-freeze-delay
freeze_cycle_progress() {
	local delay out window rc

	delay=$(freeze_delay)
	while :; do
		out=$(freeze_cycle_once "$delay" "$@")
		rc=$?
		window=$(echo "$out" | awk '$1 == "window" { print $2 }')
		if [ "$rc" -ne 0 ] || [ "${window:-0}" -ge "$MIN_WINDOW_MS" ] ||
		   [ "$delay" -ge 1280 ]; then
			break
		fi
		delay=$((delay * 4))
	done
	echo "$out"
	[ "$rc" -eq 0 ] && [ "${window:-0}" -ge "$MIN_WINDOW_MS" ] || return 1
	echo "$delay" > "$FREEZE_DELAY_FILE"
}

# freeze_delay: the pm_test_delay found by the last successful freeze_cycle_progress in this
# boot, else the kernel's default of 5 s.
freeze_delay() {
	if [ -s "$FREEZE_DELAY_FILE" ]; then
		cat "$FREEZE_DELAY_FILE"
	else
		echo 5
	fi
}

# freeze_calibrate: find the pm_test_delay for a long enough frozen period before the
# measurement that needs it, so that one freezer cycle fits in a short busy phase; once
# per boot.
freeze_calibrate() {
	[ -s "$FREEZE_DELAY_FILE" ] && return 0
	freeze_cycle_progress $$ > /dev/null
}

# rpc_registered PROGRAM: rpcbind on 127.0.0.1 lists the RPC program number.
rpc_registered() {
	rpcinfo -p 127.0.0.1 2>/dev/null | awk -v p="$1" '$1 == p { f = 1 } END { exit !f }'
}

# rpc_guest_setup: what rpcbind and the NFS server need from the guest: /run on a tmpfs,
# the users rpcbind switches to, the loopback interface.
rpc_guest_setup() {
	mkdir -p /run /etc /proc/fs/nfsd
	grep -qs '^/run ' /proc/mounts || mount -t tmpfs tmpfs /run
	grep -qs '^root:' /etc/passwd || echo 'root:x:0:0:root:/:/bin/sh' >> /etc/passwd
	grep -qs '^_rpc:' /etc/passwd ||
		echo '_rpc:x:102:65534::/run/rpcbind:/bin/false' >> /etc/passwd
	grep -qs '^nogroup:' /etc/group || echo 'nogroup:x:65534:' >> /etc/group
	ifconfig lo 127.0.0.1 up
}

# start_rpcbind: start rpcbind in the background (pid in rpcbind_pid) and wait until it
# answers; false when it does not within 5 s.
start_rpcbind() {
	rpcbind -w -f &
	rpcbind_pid=$!
	wait_until 5 rpc_registered 100000
}

# mount_nfsd_fs: the nfsd control file system on /proc/fs/nfsd.
mount_nfsd_fs() {
	grep -qs ' /proc/fs/nfsd ' /proc/mounts || mount -t nfsd nfsd /proc/fs/nfsd
}

# load_module NAME [ARGS]: load a module and what it depends on.  Uses modprobe when the
# guest has /lib/modules/$(uname -r)/modules.dep, else insmod from the flat directory
# $KTI_MODULES (default /modules, the boot rig's layout), dependencies first.  NAME may
# spell "-" or "_" either way (dm-mod.ko is dm_mod in /proc/modules and in depends=).
load_module() {
	local name=$1 file dep

	shift
	if [ -f "/lib/modules/$(uname -r)/modules.dep" ]; then
		modprobe "$name" "$@" 2>/tmp/modprobe.err && return 0
		tap_note "modprobe $name: $(cat /tmp/modprobe.err)"
		return 1
	fi
	grep -q "^$(echo "$name" | tr - _) " /proc/modules && return 0
	file=${KTI_MODULES:-/modules}/$name.ko
	[ -f "$file" ] || file=${KTI_MODULES:-/modules}/$(echo "$name" | tr _ -).ko
	if [ ! -f "$file" ]; then
		tap_note "module $name: no $file"
		return 1
	fi
	for dep in $(strings "$file" | sed -n 's/^depends=//p' | tr , ' '); do
		load_module "$dep" || return 1
	done
	if ! insmod "$file" "$@" 2>/tmp/modprobe.err; then
		tap_note "insmod $file: $(cat /tmp/modprobe.err)"
		return 1
	fi
}

KTI_DEBUGFS=/sys/kernel/debug/kthread_iterant

# iterant_state PID: the state of PID in the iterant kthread debugfs list (running,
# sleeping, frozen, parked, stopped, stopping); empty when PID is not an iterant kthread
# or the kernel has no such list (the baseline).
iterant_state() {
	[ -r "$KTI_DEBUGFS" ] || mount -t debugfs nodev /sys/kernel/debug 2>/dev/null
	[ -r "$KTI_DEBUGFS" ] || return 0
	awk -v p="$1" '$1 == p { print $4 }' "$KTI_DEBUGFS"
}

# check_iterant NAME PID: one test that NAME is an iterant kthread on the converted
# kernel and a legacy one on the baseline, so a mix-up of kernels fails loudly.
check_iterant() {
	local state

	state=$(iterant_state "$2")
	case "$(kti_flavour)" in
	converted)
		[ -n "$state" ]
		tap_result $? "$1 is an iterant kthread (state '$state')"
		;;
	baseline)
		[ -z "$state" ]
		tap_result $? "$1 is a legacy kthread on the baseline"
		;;
	*)
		tap_result 1 "kernel flavour unknown: set KTI_KERNEL or kti.kernel="
		;;
	esac
}
