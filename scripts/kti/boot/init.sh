#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the boot rig's initramfs.  Mounts the pseudo file systems, runs every scenario
# /scenarios/NN-*.sh, then /scenarios/*/NN-*.sh, in order, each as one KTAP subtest named by
# its path below /scenarios, and writes all results through /dev/kmsg,
# so they reach the console in order with the kernel's own messages, never cut mid-line.
# Ends the guest with `reboot -f` (without ACPI, poweroff only halts).
export PATH=/bin
export KTI_MODULES=/modules
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug

kmsg() {
	echo "$*" > /dev/kmsg
}

# Scenario output: TAP lines keep their form, anything else becomes a KTAP diagnostic.
relay() {
	while IFS= read -r line; do
		case "$line" in
		"ok "*|"not ok "*|1..*|"#"*) kmsg "    $line" ;;
		*) kmsg "    # $line" ;;
		esac
	done
}

timeout_s=$(sed -n 's/.*kti.scenario_timeout=\([0-9]*\).*/\1/p' /proc/cmdline)
[ -n "$timeout_s" ] || timeout_s=300

set --
for s in /scenarios/[0-9]*.sh /scenarios/*/[0-9]*.sh; do
	[ -f "$s" ] && set -- "$@" "$s"
done

kmsg "kti-init: scenarios begin"
kmsg "KTAP version 1"
kmsg "1..$#"
n=0
for s in "$@"; do
	n=$((n + 1))
	name=${s#/scenarios/}
	name=${name%.sh}
	kmsg "    KTAP version 1"
	kmsg "    # Subtest: $name"
	rm -f /tmp/rc /tmp/out
	{ timeout "$timeout_s" sh "$s"; echo $? > /tmp/rc; } 2>&1 | tee /tmp/out | relay
	rc=$(cat /tmp/rc 2>/dev/null)
	if [ "$rc" = 0 ] && ! grep -q '^not ok ' /tmp/out; then
		kmsg "ok $n $name"
	else
		kmsg "    # $name: exit status ${rc:-unknown}"
		kmsg "not ok $n $name"
	fi
done
kmsg "kti-init: scenarios end"
sync
reboot -f
