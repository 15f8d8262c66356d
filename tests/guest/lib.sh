# SPDX-License-Identifier: GPL-2.0
#
# Helpers sourced by the guest scenarios (busybox sh).  Each scenario prints a TAP plan and
# one `ok N - description` / `not ok N - description` line per check; /init relays them to
# the console as one KTAP subtest per scenario.  Descriptions must not contain the words the
# rig treats as kernel splats (see scripts/kti/boot/splats.py).

KTI_TEST_MODULE=${KTI_MODULES:-/modules}/test_kthread_iterant.ko
KTI_DEBUGFS=/sys/kernel/debug/kthread_iterant
_tap_count=0

plan() {
	echo "1..$1"
}

ok() {
	_tap_count=$((_tap_count + 1))
	echo "ok $_tap_count - $*"
}

not_ok() {
	_tap_count=$((_tap_count + 1))
	echo "not ok $_tap_count - $*"
}

diag() {
	echo "# $*"
}

# check DESCRIPTION COMMAND...: one TAP line from a command's exit status.
check() {
	_desc=$1
	shift
	if "$@"; then
		ok "$_desc"
	else
		not_ok "$_desc"
	fi
}

# Kernel log lines since a mark taken with log_mark (dmesg keeps earlier scenarios too).
log_mark() {
	dmesg | wc -l
}

log_since() {
	dmesg | tail -n +"$(($1 + 1))"
}

# pid of the task whose comm is exactly $1 (kthreads have no command line for pidof).
comm_pid() {
	for _comm in /proc/[0-9]*/comm; do
		if [ "$(cat "$_comm" 2>/dev/null)" = "$1" ]; then
			_dir=${_comm%/comm}
			echo "${_dir#/proc/}"
			return 0
		fi
	done
	return 1
}

# debugfs line of an iterant kthread by name (the name is the last field).
debugfs_line() {
	awk -v name="$1" '$1 != "#" && $NF == name' "$KTI_DEBUGFS"
}

debugfs_field() {
	debugfs_line "$1" | awk -v n="$2" '{ print $n }'
}

# pm_test=freezer: a write of "freeze" to /sys/power/state freezes all tasks, waits
# pm_test_delay seconds and thaws them again, without suspending devices.
freezer_test_setup() {
	echo "$1" > /sys/module/suspend/parameters/pm_test_delay &&
		echo freezer > /sys/power/pm_test
}

freezer_test_teardown() {
	echo none > /sys/power/pm_test
	echo 5 > /sys/module/suspend/parameters/pm_test_delay
}

freeze_cycle() {
	echo freeze > /sys/power/state
}
