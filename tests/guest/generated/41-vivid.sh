#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kti-unit: drivers/media/test-drivers/vivid/vivid-kthread-cap.c:vivid_thread_vid_cap
# kti-unit: drivers/media/test-drivers/vivid/vivid-kthread-out.c:vivid_thread_vid_out
# kti-unit: drivers/media/test-drivers/vivid/vivid-kthread-touch.c:vivid_thread_touch_cap
# kti-unit: drivers/media/test-drivers/vivid/vivid-sdr-cap.c:vivid_thread_sdr_cap
#
# The vivid test driver's video capture, video output, touch capture and SDR capture
# kthreads (drivers/media/test-drivers/vivid/): each is created by STREAMON on its device
# node and kthread_stop()ped by STREAMOFF (here: when v4l2-ctl is killed and closes the
# node); each returns 0.  All four are freezable (set_freezable(), try_to_freeze()) and
# produce a buffer every frame period, so they have work through a freezer cycle.

. "$(dirname "$0")/conv-lib.sh"
. "$(dirname "$0")/gen-lib.sh"

vivid_comms="vivid-000-vid-cap vivid-000-vid-out vivid-000-tch-cap vivid-000-sdr-cap"
vivid_freezable=1
vivid_exits=1
vivid_stop_ret=0
vivid_frozen_work=1

# vivid_node NAME: /dev node of the vivid device whose name is NAME.
vivid_node() {
	local dir

	for dir in /sys/class/video4linux/*; do
		[ "$(cat "$dir/name")" = "$1" ] && echo "/dev/${dir##*/}" && return 0
	done
	return 1
}

vivid_setup() {
	load_module vivid
}

vivid_start() {
	local kind node

	vivid_streams=""
	for kind in vid-cap vid-out touch-cap sdr-cap; do
		node=$(vivid_node "vivid-000-$kind") || return 1
		case "$kind" in
		vid-out) set -- --stream-out-mmap ;;
		*) set -- --stream-mmap ;;
		esac
		v4l2-ctl -d "$node" "$@" > "/tmp/vivid-$kind.log" 2>&1 &
		vivid_streams="$vivid_streams $!"
	done
}

vivid_stop() {
	gen_kill_wait $vivid_streams
}

# Buffers streamed: v4l2-ctl prints one '<' (capture) or '>' (output) per buffer.
vivid_progress() {
	cat /tmp/vivid-*.log | tr -cd '<>' | wc -c
}

[ -n "$GEN_DEFINE_ONLY" ] || gen_scenario vivid
