# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# tools/vm/run plan: the guest boots, the stock vgem (with drm) loads and
# unloads, and the kernel log stays clean. Proves the runner itself.

fp_step "kernel is $FP_KABI" test -n "$FP_KABI"
fp_step "debugfs mounted" test -d /sys/kernel/debug/tracing -o -d /sys/kernel/debug/sleep_time -o -d /sys/kernel/debug/dynamic_debug
fp_step "modprobe vgem" modprobe vgem
fp_step "vgem has a DRM node" test -c /dev/dri/card0
fp_step "rmmod vgem" modprobe -r vgem
fp_step "kernel log clean" fp_dmesg_clean
fp_done
