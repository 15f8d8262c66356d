#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kti-unit: kernel/sched/psi.c:psi_rtpoll_worker
#
# psimon (kernel/sched/psi.c): created when the first real-time trigger of a psi group is
# written to /proc/pressure/*, kthread_stop()ped when the last one is closed; the thread
# returns 0.  Not freezable.  It polls while the watched pressure changes, here CPU pressure
# from three busy loops on two CPUs; those are frozen with the rest of user space, so it
# idles while frozen and the freezer cycle can only show that it works after it.

. "$(dirname "$0")/conv-lib.sh"
. "$(dirname "$0")/gen-lib.sh"

psi_comms=psimon
psi_freezable=0
psi_exits=1
psi_stop_ret=0
psi_frozen_work=0

# A process holds the trigger (100 ms of stall in a 1 s window) open; closing it at exit
# destroys the trigger.
psi_start() {
	sh -c 'exec 3<> /proc/pressure/cpu && echo "some 100000 1000000" >&3 &&
		exec sleep 100000' &
	psi_holder=$!
}

psi_stop() {
	gen_kill_wait "$psi_holder"
}

psi_work_on() {
	psi_load=""
	for _ in 1 2 3; do
		sh -c 'while :; do :; done' &
		psi_load="$psi_load $!"
	done
}

# In the stress pass the other units load the CPUs enough.
psi_stress_work_on() {
	psi_load=""
}

psi_work_off() {
	gen_kill_wait $psi_load
}

# psimon is SCHED_FIFO and stays on its CPU: keep it off the one that will hold the frozen
# period's busy wait, so that both kernels show whether it runs then.
psi_freeze_prepare() {
	gen_pin "$(gen_work_cpus)" $(gen_pids psi)
}

psi_progress() {
	sched_field "$(pid_of_comm psimon | head -n 1)" 3
}

[ -n "$GEN_DEFINE_ONLY" ] || gen_scenario psi
