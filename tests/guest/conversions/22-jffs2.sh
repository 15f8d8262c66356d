#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# JFFS2 garbage collector thread (fs/jffs2/background.c, thread jffs2_gcd_mtd0) on an
# mtdram device.  A GC pass is observed with a kprobe on jffs2_garbage_collect_pass()
# counted only when the GC thread itself hits it (writers also collect garbage).
#
# Expected on both kernels (the thread was freezable and handled SIGHUP, SIGSTOP/SIGCONT
# and SIGKILL before the conversion, and must keep doing so after it).

. "$(dirname "$0")/conv-lib.sh"

MNT=/mnt/jffs2
GCD=jffs2_gcd_mtd0
PROBE=kti_jffs2_gc_pass
# Inodes the collector checks after a remount, one per pass with a 50 ms pause after each:
# enough for well over 20 s of work.
SMALL_FILES=600

tap_plan 13
tap_note "jffs2 scenario on the $(kti_flavour) kernel"

# gc_passes: GC passes the GC thread ran since the probe was enabled.
gc_passes() {
	grep -c "^ *$GCD-[0-9]* .* $PROBE:" "$TRACEFS/trace"
}

# wait_gc_idle SECONDS: wait until the GC thread sleeps and ran no pass for 2 s.
wait_gc_idle() {
	local i=0 last now

	last=$(gc_passes)
	while [ "$i" -lt "$1" ]; do
		sleep 2
		now=$(gc_passes)
		if [ "$now" -eq "$last" ] && [ "$(task_state "$gcd")" = S ]; then
			return 0
		fi
		last=$now
		i=$((i + 2))
	done
	return 1
}

more_passes_than() {
	[ "$(gc_passes)" -gt "$1" ]
}

# wait_more_passes COUNT SECONDS: wait until gc_passes exceeds COUNT.
wait_more_passes() {
	wait_until "$2" more_passes_than "$1"
}

# make_small_files N: N files of a few bytes, one inode each.
make_small_files() {
	local i=0

	while [ "$i" -lt "$1" ]; do
		echo "$i" > "$MNT/small.$i" || return 1
		i=$((i + 1))
	done
	sync
}

# gc_passes_around_freeze: GC passes of the GC thread in the trace of a freezer cycle, as
# "BEFORE FROZEN AFTER": before freezing began, between the end of freezing and the start
# of the thaw, and after the thaw.
gc_passes_around_freeze() {
	freeze_trace_phases | awk -v probe=" $PROBE:" -v gcd="$GCD" '
		index($0, probe) && index($2, gcd "-") == 1 { n[$1]++ }
		END { printf "%d %d %d\n", n[0], n[2], n[4] }'
}

# make_garbage N: write and delete N files of 64 KiB (obsolete nodes for the GC).
make_garbage() {
	local i=0

	while [ "$i" -lt "$1" ]; do
		dd if=/dev/urandom of="$MNT/garbage.$i" bs=1k count=64 2>/dev/null || return 1
		i=$((i + 1))
	done
	sync
	rm -f "$MNT"/garbage.*
	sync
}

# 1-2: the file system mounts and its GC thread starts.
mkdir -p "$MNT"
if ! load_module mtdram total_size=4096 erase_size=64 || ! load_module jffs2; then
	tap_abort "mtdram or jffs2 module missing"
fi
if ! mount -t jffs2 mtd0 "$MNT"; then
	tap_abort "mount -t jffs2 mtd0 failed"
fi
gcd=$(wait_for_comm "$GCD" 5)
[ -n "$gcd" ]
tap_result $? "mount starts $GCD"
[ -n "$gcd" ] || tap_abort "no GC thread"
check_iterant "$GCD" "$gcd"

# 3: data to check after the remount, and garbage for the collector.
fail=0
for f in keep.1 keep.2 keep.3; do
	dd if=/dev/urandom of="$MNT/$f" bs=1k count=100 2>/dev/null || fail=1
done
sync
(cd "$MNT" && md5sum keep.*) > /tmp/jffs2.md5 || fail=1
make_small_files "$SMALL_FILES" || fail=1
make_garbage 24 || fail=1
tap_result $fail "write 300 KiB and $SMALL_FILES small files to keep, write and delete 1.5 MiB of garbage"

if ! tracing_ready || ! echo "p:$PROBE jffs2_garbage_collect_pass" >> "$TRACEFS/kprobe_events"; then
	tap_abort "no kprobe events: cannot observe GC passes"
fi
trace_reset
echo 1 > "$TRACEFS/events/kprobes/$PROBE/enable"
echo 1 > "$TRACEFS/tracing_on"

# 4: SIGHUP makes the idle GC thread run a pass.
fail=1
if wait_gc_idle 60; then
	before=$(gc_passes)
	kill -HUP "$gcd"
	wait_more_passes "$before" 3 && fail=0
	tap_note "GC passes by $GCD: $before before SIGHUP, $(gc_passes) after"
else
	tap_note "GC thread never became idle (state $(task_state "$gcd"), $(gc_passes) passes)"
fi
tap_result $fail "SIGHUP triggers a GC pass"

# 5: SIGSTOP stops the thread; a SIGHUP sent meanwhile does nothing.
fail=1
wait_gc_idle 20
kill -STOP "$gcd"
if wait_state "$gcd" T 3; then
	before=$(gc_passes)
	kill -HUP "$gcd"
	sleep 1
	[ "$(gc_passes)" -eq "$before" ] && [ "$(task_state "$gcd")" = T ] && fail=0
fi
tap_note "state after SIGSTOP: $(task_state "$gcd")"
tap_result $fail "SIGSTOP stops $GCD (state T), no GC pass while stopped"

# 6: SIGCONT resumes it and the pending SIGHUP runs its pass.
before=$(gc_passes)
kill -CONT "$gcd"
wait_more_passes "$before" 3 && wait_state "$gcd" SR 3
tap_result $? "SIGCONT resumes $GCD and the pending SIGHUP runs a pass"

# 7-8: a freezer test cycle while the collector is busy.  After a mount the collector
# first checks every inode, one per pass, so a remount keeps it busy for many seconds.  The
# trace is armed (by comm) before the mount and the cycle starts as soon as mount returns.
# Progress is counted in GC passes: the guest's clock may account a short pass as 0 ns.
freeze_calibrate || tap_note "pm_test_delay calibration fell short of $MIN_WINDOW_MS ms"
umount "$MNT" && wait_gone "$gcd" 5 || tap_abort "umount before the freezer test failed"
freeze_trace_start "$GCD" && echo 1 > "$TRACEFS/events/kprobes/$PROBE/enable" ||
	tap_abort "cannot trace $GCD"
mount -t jffs2 mtd0 "$MNT" || tap_abort "remount before the freezer test failed"
if out=$(freeze_cycle_traced "$(freeze_delay)" "$GCD"); then
	window=$(echo "$out" | awk '$1 == "window" { print $2 }')
	set -- $(echo "$out" | awk -v c="$GCD" '$1 == c { print $2, $3 }')
	ran_in=$1
	ran_after=$2
	set -- $(gc_passes_around_freeze)
	tap_note "frozen period: $window ms; GC passes by $GCD: $1 before the freeze," \
		"$2 while frozen, $3 in 2 s after the thaw; ran $ran_in ns while frozen," \
		"$ran_after ns after"
	[ "$window" -ge "$MIN_WINDOW_MS" ] && [ "$2" -eq 0 ] && [ "$ran_in" -eq 0 ]
	tap_result $? "$GCD makes no progress while frozen"
	[ "$3" -gt 0 ]
	tap_result $? "$GCD goes on with its work after the thaw"
else
	tap_note "freeze cycle output: $out"
	tap_result 1 "$GCD makes no progress while frozen"
	tap_result 1 "$GCD goes on with its work after the thaw"
fi
gcd=$(pid_of_comm "$GCD")
# The freezer cycle stopped tracing: count GC passes again.
trace_reset
echo 1 > "$TRACEFS/events/kprobes/$PROBE/enable"
echo 1 > "$TRACEFS/tracing_on"

# 9: umount stops the thread.
umount "$MNT" && wait_gone "$gcd" 5
tap_result $? "umount stops $GCD"

# 10: the data reads back intact after a remount.
fail=1
if mount -t jffs2 mtd0 "$MNT"; then
	(cd "$MNT" && md5sum -c /tmp/jffs2.md5 >/dev/null) && fail=0
fi
tap_result $fail "data written before umount is intact after the remount"

# 11-12: SIGKILL stops the collector (the file system keeps working without it).  The
# baseline thread exits; an iterant kthread stops iterating and waits for kthread_stop()
# from umount (debugfs state "stopping").
gcd=$(wait_for_comm "$GCD" 5)
fail=1
if [ -n "$gcd" ]; then
	kill -KILL "$gcd"
	case "$(kti_flavour)" in
	baseline)
		wait_gone "$gcd" 5 && fail=0
		;;
	converted)
		sleep 1
		before=$(gc_passes)
		kill -HUP "$gcd"
		sleep 1
		state=$(iterant_state "$gcd")
		tap_note "after SIGKILL: iterant state '$state'"
		[ "$state" = stopping ] && [ "$(gc_passes)" -eq "$before" ] && fail=0
		;;
	esac
fi
tap_result $fail "SIGKILL stops $GCD"
echo data > "$MNT/after-kill" && sync && [ "$(cat "$MNT/after-kill")" = data ]
tap_result $? "file system still writable without its GC thread"

# 13: clean unmount and unload (the probe goes first: it sits in the module).
trace_reset
echo "-:$PROBE" >> "$TRACEFS/kprobe_events"
umount "$MNT" && wait_gone "$gcd" 5 && rmmod jffs2 && rmmod mtdram
tap_result $? "umount after SIGKILL reaps $GCD, modules unload"
tap_finish
