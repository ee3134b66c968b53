# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# tools/vm/run plan: load the stock vgem (and so drm, the kernel's own
# dma-buf users), then fencepost.ko with its selftests, beside it. Passes if
# every selftest case passes, both modules unload, fencepost reloads, and
# the kernel log holds no warning, BUG or oops.
#
# Argument: the selftests= value (default 1: every case), e.g. 'dma_resv/*'.
# Needs: tools/vm/run --ko build/module/fencepost.ko

filter=${1:-1}
tap=/tmp/selftests.tap

# The TAP the module printed between its start and done lines, without the
# printk timestamps.
fp_selftest_log()
{
	dmesg | sed -e 's/^\[[ 0-9.]*\] //' |
		sed -n '/^fencepost: selftests: start/,/^fencepost: selftests: done/p'
}

fp_tap_ok()
{
	fp_selftest_log >"$tap"
	plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$tap")
	ran=$(grep -c -E '^(not )?ok [0-9]+ ' "$tap")
	failed=$(grep -c -E '^not ok [0-9]+ ' "$tap")
	echo "# in-kernel TAP:"
	sed 's/^/    /' "$tap"
	grep -q '^fencepost: selftests: done' "$tap" || { echo "# no done line" >&2; return 1; }
	[ -n "$plan" ] || { echo "# no TAP plan" >&2; return 1; }
	[ "$plan" -gt 0 ] || { echo "# no case selected" >&2; return 1; }
	[ "$ran" -eq "$plan" ] || { echo "# plan 1..$plan, $ran results" >&2; return 1; }
	[ "$failed" -eq 0 ] || { echo "# $failed case(s) failed" >&2; return 1; }
}

fp_suites_missing()
{
	sed -n 's/^fencepost: selftests: suite \(.*\) is not built in$/\1/p' "$tap"
}

fp_timed_insmod()
{
	t0=$(cut -d' ' -f1 /proc/uptime)
	fp_insmod "$@" || return 1
	t1=$(cut -d' ' -f1 /proc/uptime)
	echo "# insmod took $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')s"
}

fp_step "modprobe vgem (the kernel's own dma-buf users)" modprobe vgem
fp_step "insmod fencepost selftests=$filter" fp_timed_insmod fencepost selftests="$filter"
fp_step "selftests pass" fp_tap_ok
for s in $(fp_suites_missing); do
	echo "not ok $((fp_n += 1)) - suite $s built in # TODO left out of the build"
done
fp_step "fencepost taint is OE" grep -qx OE /sys/module/fencepost/taint
fp_step "vgem still has its DRM node" test -c /dev/dri/card0
fp_step "rmmod fencepost" rmmod fencepost
fp_step "insmod fencepost again" fp_insmod fencepost
fp_step "rmmod fencepost again" rmmod fencepost
fp_step "rmmod vgem" modprobe -r vgem
fp_step "kernel log clean" fp_dmesg_clean
fp_done
