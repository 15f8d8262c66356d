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
make_garbage 24 || fail=1
tap_result $fail "write 300 KiB to keep, write and delete 1.5 MiB of garbage"

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

# 7-8: a freezer test cycle while the collector is busy.
make_garbage 24
before=$(gc_passes)
kill -HUP "$gcd"
usleep 300000
busy=$(( $(gc_passes) - before ))
tap_note "GC passes in the 0.3 s before the freeze: $busy"
if out=$(freeze_cycle_progress "$gcd"); then
	set -- $(echo "$out" | awk -v p="$gcd" '$1 == p { print $1, $2, $3 }')
	tap_note "frozen period: $(echo "$out" | awk '$1 == "window" { print $2 }') ms"
	tap_note "$GCD ran $2 ns while frozen, $3 ns in 2 s after thaw"
	[ "$busy" -gt 0 ] && [ "$2" -eq 0 ]
	tap_result $? "busy $GCD makes no progress while frozen"
else
	tap_note "freeze cycle output: $out"
	tap_result 1 "busy $GCD makes no progress while frozen"
fi
# The freezer cycle traced context switches only: count GC passes again.
trace_reset
echo 1 > "$TRACEFS/events/kprobes/$PROBE/enable"
echo 1 > "$TRACEFS/tracing_on"
kill -HUP "$gcd"
wait_more_passes 0 3
tap_result $? "$GCD collects garbage again after the thaw"

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
