# SPDX-License-Identifier: GPL-2.0
"""QEMU boot rig: applies kernel-patches/ to a fresh copy of the tree, builds a small kernel and
an initramfs, boots it under qemu and judges the console log.

One module per step, wired together by rig.py (scripts/kti-boot is the thin CLI):
series (read the series file) -> worktree (fresh copy + git apply) -> kconfig (tinyconfig +
fragments, verified) -> kbuild (make, incremental) -> initramfs (busybox + scenarios) ->
qemu (boot with a hard timeout) -> splats + ktap + expectations (judge the log).
"""
