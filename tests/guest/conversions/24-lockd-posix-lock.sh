#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# lockd serving a real POSIX lock: the guest mounts its own NFSv3 export over loopback and
# takes a lock on a file there with flock(1) (the NFS client turns flock() into a whole-file
# POSIX lock and sends it to the server's lockd).  Debian's rpcbind, rpc.statd (NLM needs the
# NSM monitor on both sides), rpc.mountd, exportfs, mount.nfs and flock run in the guest
# (see initramfs.list).
#
# A lock granted by lockd shows up twice in /proc/locks: the client's flock record on the
# NFS inode and the server's POSIX lock on the exported tmpfs inode, which lockd took.  The
# server's record is what this scenario follows.
#
# Expected on both kernels: the lock is granted, a second non-blocking lock is refused, the
# lock survives a freezer test cycle and SIGKILL to lockd (6.12's lockd does not act on
# signals), the trace shows no lockd runtime while frozen, releasing the lock removes it
# from the server, and everything stops cleanly.

. "$(dirname "$0")/conv-lib.sh"

PATH=$PATH:/usr/sbin:/usr/bin:/sbin
THREADS=/proc/fs/nfsd/threads
EXPORT=/export
MNT=/mnt/nfs

tap_plan 9
tap_note "lockd POSIX lock scenario on the $(kti_flavour) kernel"

# server_locks INODE: POSIX locks in /proc/locks on INODE of the export's file system.
server_locks() {
	awk -v id="$export_dev:$1" '$2 == "POSIX" && $6 == id { n++ } END { print n + 0 }' \
		/proc/locks
}

server_locks_are() {
	[ "$(server_locks "$1")" -eq "$2" ]
}

for prog in rpcbind rpc.statd rpc.mountd exportfs mount.nfs flock; do
	command -v "$prog" >/dev/null || tap_abort "$prog not in the initramfs"
done

# 1: the NFS server and its helpers start, the guest mounts its own export.
rpc_guest_setup
mkdir -p /var/lib/nfs/sm /var/lib/nfs/sm.bak "$EXPORT" "$MNT"
grep -qs '^statd:' /etc/passwd ||
	echo 'statd:x:103:65534::/var/lib/nfs:/bin/false' >> /etc/passwd
: > /etc/exports
: > /var/lib/nfs/etab
: > /var/lib/nfs/rmtab
# NSM requests carry the node name; the kernel's default "(none)" is not a host name.
hostname kti-guest

start_rpcbind || tap_abort "rpcbind does not answer"
for module in nfsd nfs nfsv3; do
	load_module "$module" || tap_abort "no $module module"
done
mount_nfsd_fs || tap_abort "cannot mount the nfsd file system"
grep -qs " $EXPORT " /proc/mounts || mount -t tmpfs tmpfs "$EXPORT" ||
	tap_abort "cannot mount a tmpfs to export"
rpc.statd --no-notify -F -d > /tmp/statd.log 2>&1 &
statd_pid=$!
rpc.mountd -F -N 4 > /tmp/mountd.log 2>&1 &
mountd_pid=$!
wait_until 10 rpc_registered 100024 ||
	tap_note "rpc.statd did not register: $(cat /tmp/statd.log)"
wait_until 10 rpc_registered 100005 ||
	tap_note "rpc.mountd did not register: $(cat /tmp/mountd.log)"
exportfs -o rw,no_root_squash,insecure,no_subtree_check,sync,fsid=1 "127.0.0.1:$EXPORT" ||
	tap_abort "exportfs failed"
# lockd refuses new locks during its grace period after start (50 s by default): make it
# the shortest lockd accepts, 3 s, and wait it out (no newline: lockd parses strictly).
printf 3 > /sys/module/lockd/parameters/nlm_timeout
printf 1 > /sys/module/lockd/parameters/nlm_grace_period
echo 2 > "$THREADS"
lockd=$(wait_for_comm lockd 10)
[ -n "$lockd" ] || tap_abort "lockd did not start"
sleep 4
if ! mount.nfs "127.0.0.1:$EXPORT" "$MNT" -o vers=3,proto=tcp,timeo=50,retrans=2 \
	> /tmp/mount.log 2>&1; then
	tap_note "mount.nfs: $(cat /tmp/mount.log)"
	tap_note "statd: $(tail -n 3 /tmp/statd.log)"
	tap_note "mountd: $(tail -n 3 /tmp/mountd.log)"
	tap_result 1 "the guest mounts its own NFSv3 export"
	tap_abort "no NFS mount"
fi
echo "kthread-iterant" > "$MNT/locked"
[ "$(cat "$EXPORT/locked")" = "kthread-iterant" ]
tap_result $? "the guest mounts its own NFSv3 export"

# The export's device as /proc/locks prints it (hex major:minor), and the file's inode.
set -- $(awk -v m="$EXPORT" '$5 == m { split($3, d, ":"); print d[1], d[2] }' \
	/proc/self/mountinfo)
export_dev=$(printf '%02x:%02x' "$1" "$2")
inode=$(ls -i "$EXPORT/locked" | awk '{ print $1 }')

# 2: a lock through NFS is granted by lockd.
# -o: flock(1) itself holds the lock, its command (a sleep) does not.
flock -o -x "$MNT/locked" -c 'echo $$ > /tmp/flock.state; exec sleep 600' &
holder=$!
wait_until 10 test -s /tmp/flock.state
wait_until 10 server_locks_are "$inode" 1
rc=$?
tap_result $rc "flock on the NFS file takes a POSIX lock through lockd"
[ "$rc" -eq 0 ] || tap_note "statd: $(tail -n 5 /tmp/statd.log | tr '\n' ';')"
tap_note "lockd is pid $lockd; /proc/locks: $(tr '\n' ';' < /proc/locks)"

# 3: a second lock is refused while the first is held.
! flock -n -x "$MNT/locked" -c true 2>/dev/null
tap_result $? "a second non-blocking lock on the file is refused"

# 4-5: a freezer test cycle with the lock held.
tracing_ready || tap_abort "no tracefs: the freezer test needs sched_stat_runtime events"
if out=$(freeze_cycle_progress "$lockd"); then
	set -- $(echo "$out" | awk -v p="$lockd" '$1 == p { print $2, $3 }')
	tap_note "frozen period: $(echo "$out" | awk '$1 == "window" { print $2 }') ms;" \
		"lockd ran $1 ns while frozen, $2 ns in 2 s after thaw"
	[ "$1" -eq 0 ]
	tap_result $? "freezer test cycle completes, no lockd runtime while frozen"
else
	tap_note "freeze cycle output: $out"
	tap_result 1 "freezer test cycle completes, no lockd runtime while frozen"
fi
trace_reset
[ "$(server_locks "$inode")" -eq 1 ] && ! flock -n -x "$MNT/locked" -c true 2>/dev/null
tap_result $? "the lock is still held and enforced after the thaw"

# 6: SIGKILL from user space leaves lockd and its lock alone.
kill -KILL "$lockd" 2>/dev/null
sleep 1
[ "$(pid_of_comm lockd)" = "$lockd" ] && [ "$(server_locks "$inode")" -eq 1 ]
tap_result $? "SIGKILL leaves lockd running and the lock held"

# 7: releasing the lock removes it on the server, and the file can be locked again.
kill "$holder" "$(cat /tmp/flock.state)" 2>/dev/null
wait "$holder" 2>/dev/null
wait_until 10 server_locks_are "$inode" 0 && flock -n -x "$MNT/locked" -c true
tap_result $? "the released lock is gone on the server and the file locks again"

# 8-9: unmount and stop.
umount "$MNT" && ! grep -qs " $MNT " /proc/mounts
tap_result $? "the NFS mount goes away"
exportfs -ua
echo 0 > "$THREADS"
wait_gone "$lockd" 10
tap_result $? "lockd stops when nfsd stops"

kill "$mountd_pid" "$statd_pid" "$rpcbind_pid" 2>/dev/null
umount "$EXPORT" 2>/dev/null
tap_finish
