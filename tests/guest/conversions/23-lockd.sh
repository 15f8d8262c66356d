#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# lockd (fs/lockd/svc.c), the NLM service thread started with the NFS server.  nfsd needs
# rpcbind to register its services, so Debian's rpcbind and rpcinfo run in the guest (see
# initramfs.list).  "lockd answers" means an NLM v4 NULL call over TCP and UDP gets a reply,
# i.e. the thread receives and serves RPC requests.
#
# Expected on both kernels: lockd starts with nfsd, registers nlockmgr, survives a freezer
# test cycle, ignores SIGHUP/SIGSTOP/SIGKILL/SIGCONT from user space (6.12's lockd does not
# act on signals), stops within STOP_LIMIT_CS when nfsd stops and survives 20 start/stop
# cycles.  Converted, lockd waits for work in svc_recv() inside its func(), and that wait
# ends for kthread_park() too: the test module parks the idle lockd within PARK_LIMIT_CS
# and unparks it.  The baseline lockd is a legacy kthread that does not park.
#
# A POSIX lock through an NFS mount is 24-lockd-posix-lock.sh.

. "$(dirname "$0")/conv-lib.sh"

# rpcbind and rpcinfo live in /usr/sbin and /usr/bin (see initramfs.list).
PATH=$PATH:/usr/sbin:/usr/bin:/sbin
NLM_PROG=100021
CYCLES=20
THREADS=/proc/fs/nfsd/threads
PARK_LIMIT_CS=100
STOP_LIMIT_CS=300
PARAMS=/sys/module/test_kthread_iterant/parameters

tap_plan 11
tap_note "lockd scenario on the $(kti_flavour) kernel"

# lockd_answers: an NLM v4 NULL call over TCP and UDP gets a reply.
lockd_answers() {
	rpcinfo -t 127.0.0.1 "$NLM_PROG" 4 >/dev/null 2>&1 &&
		rpcinfo -u 127.0.0.1 "$NLM_PROG" 4 >/dev/null 2>&1
}

nlm_registered() {
	rpc_registered "$NLM_PROG"
}

lockd_gone() {
	[ -z "$(pid_of_comm lockd)" ]
}

# wait_lockd_gone SECONDS: no lockd thread left.
wait_lockd_gone() {
	wait_until "$1" lockd_gone
}

# 1: rpcbind and the NFS server start; lockd comes up with them.
command -v rpcbind >/dev/null && command -v rpcinfo >/dev/null ||
	tap_abort "rpcbind/rpcinfo not in the initramfs"
rpc_guest_setup
start_rpcbind || tap_abort "rpcbind does not answer"
load_module nfsd || tap_abort "no nfsd module"
mount_nfsd_fs || tap_abort "cannot mount the nfsd file system"
echo 2 > "$THREADS"
lockd=$(wait_for_comm lockd 10)
[ -n "$lockd" ] && [ "$(cat "$THREADS")" = 2 ]
tap_result $? "nfsd starts two threads and lockd"
[ -n "$lockd" ] || tap_abort "lockd did not start"
check_iterant lockd "$lockd"

# 2: lockd registered and serving.
nlm_registered && lockd_answers
tap_result $? "lockd registers nlockmgr with rpcbind and answers NLM NULL calls"

# 3-4: a freezer test cycle.
tracing_ready || tap_abort "no tracefs: the freezer test needs sched_stat_runtime events"
if out=$(freeze_cycle_progress "$lockd"); then
	set -- $(echo "$out" | awk -v p="$lockd" '$1 == p { print $1, $2, $3 }')
	tap_note "frozen period: $(echo "$out" | awk '$1 == "window" { print $2 }') ms"
	tap_note "lockd ran $2 ns while frozen, $3 ns in 2 s after thaw"
	[ "$2" -eq 0 ]
	tap_result $? "freezer test cycle completes, no lockd runtime while frozen"
else
	tap_note "freeze cycle output: $out"
	tap_result 1 "freezer test cycle completes, no lockd runtime while frozen"
fi
trace_reset
[ -d "/proc/$lockd" ] && lockd_answers
tap_result $? "lockd survives the freeze cycle and answers"

# 5-6: park and unpark the idle lockd (converted); the test module logs how long
# kthread_park() took, the shell measures both from the outside.
lockd_parked() {
	[ "$(task_state "$lockd")" = P ] && [ "$(iterant_state "$lockd")" = parked ]
}
case "$(kti_flavour)" in
converted)
	fail=1
	if load_module test_kthread_iterant nr_iterant=0 nr_legacy=0 nr_nofreeze=0; then
		sleep 1
		start=$(uptime_cs)
		echo "$lockd" > "$PARAMS/park_pid"
		rc=$?
		took=$(( $(uptime_cs) - start ))
		tap_note "kthread_park(lockd) returned $rc after $took cs;" \
			"$(dmesg | grep 'kti_park: pid='"$lockd"' park' | tail -n 1)"
		[ "$rc" -eq 0 ] && [ "$took" -le "$PARK_LIMIT_CS" ] && lockd_parked && fail=0
	fi
	tap_result $fail "the idle lockd parks within $PARK_LIMIT_CS cs"
	echo "$lockd" > "$PARAMS/unpark_pid" && wait_until 5 lockd_answers && ! lockd_parked
	tap_result $? "lockd unparks and answers again"
	rmmod test_kthread_iterant
	;;
baseline)
	[ -z "$(iterant_state "$lockd")" ]
	tap_result $? "baseline: lockd is a legacy kthread, kthread_park() does not apply"
	[ "$(task_state "$lockd")" != P ]
	tap_result $? "baseline: lockd is not parked"
	;;
*)
	tap_result 1 "kernel flavour unknown: set KTI_KERNEL or kti.kernel="
	tap_result 1 "kernel flavour unknown: set KTI_KERNEL or kti.kernel="
	;;
esac

# 7: signals from user space change nothing.
fail=0
for sig in HUP STOP KILL; do
	kill -"$sig" "$lockd" 2>/dev/null
	sleep 1
	state=$(task_state "$lockd")
	case "$state" in
	S|I|R)
		;;
	*)
		tap_note "lockd state '$state' after SIG$sig"
		fail=1
		;;
	esac
done
kill -CONT "$lockd" 2>/dev/null
lockd_answers || fail=1
[ "$(pid_of_comm lockd)" = "$lockd" ] || fail=1
tap_result $fail "SIGHUP, SIGSTOP and SIGKILL leave lockd running and answering"

# 8-9: nfsd stops, the idle lockd goes with it within STOP_LIMIT_CS and unregisters.
start=$(uptime_cs)
echo 0 > "$THREADS"
wait_lockd_gone 10
rc=$?
took=$(( $(uptime_cs) - start ))
tap_note "stopping nfsd and lockd took $took cs"
[ "$rc" -eq 0 ] && [ "$took" -le "$STOP_LIMIT_CS" ]
tap_result $? "the idle lockd stops within $STOP_LIMIT_CS cs when nfsd stops"
! nlm_registered
tap_result $? "nlockmgr is unregistered after the stop"

# 10: start/stop cycles.
fail=0
start=$(uptime_cs)
i=0
while [ "$i" -lt "$CYCLES" ]; do
	echo 2 > "$THREADS"
	pid=$(wait_for_comm lockd 10)
	if [ -z "$pid" ] || ! lockd_answers; then
		tap_note "cycle $i: lockd did not come up or did not answer"
		fail=1
		break
	fi
	echo 0 > "$THREADS"
	if ! wait_lockd_gone 10; then
		tap_note "cycle $i: lockd did not stop"
		fail=1
		break
	fi
	i=$((i + 1))
done
tap_note "$i start/stop cycles in $(( ($(uptime_cs) - start) / 100 )) s"
tap_result $fail "$CYCLES nfsd/lockd start/stop cycles"

kill "$rpcbind_pid" 2>/dev/null
tap_finish
