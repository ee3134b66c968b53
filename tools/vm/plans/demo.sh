# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# tools/vm/run plan: the end-to-end demo (tools/demo runs it). Loads
# fencepost.ko, enables its fence trace events (system fencepost_fence),
# and runs /bin/wl-explicit-sync: a client process renders frames on
# /dev/fencepost_vgem's engine and passes each buffer with its acquire
# fence (a sync_file, over a unix socket) to a compositor process, which
# merges the fences with libsync, waits, checks the pixels and returns a
# release fence; one frame fails on the engine and its error must reach
# the compositor. Then the trace goes to the console, every line prefixed
# "@@fence-trace@@ " (tools/demo extracts it and runs tools/fence-trace on
# the host), the kernel log must be clean and the module must unload.
#
# The program's output is printed between the lines "@@demo-begin@@" and
# "@@demo-end@@".
#
# Arguments: [FRAMES [FAIL-FRAME [BUFFERS]]] (default 24 7 3).
# Needs: tools/vm/run --ko fencepost.ko --bin build/tools/wl-explicit-sync
# (--bin copies libsync.so.1 too; a build directory under /tmp is hidden by
# the guest's tmpfs, so the plan then finds the library in the initramfs
# itself, or in /root/libsync.so.1 if --file put it there.)

. /lib/fencepost-vm.sh

frames=${1:-24}
fail_frame=${2:-7}
buffers=${3:-3}
prog=/bin/wl-explicit-sync
FP_TRACING=/sys/kernel/tracing
FP_TRACE_EVENTS=$FP_TRACING/events/fencepost_fence

# The program runs as is, or with LD_LIBRARY_PATH naming where libsync.so.1
# is: /root (tools/vm/run --file), or the build tree's libsync/.libs that
# run copied under /tmp of the initramfs, behind the tmpfs that /init
# mounts there (a bind mount of / shows what the tmpfs covers).
fp_demo_libs()
{
	"$prog" --help >/dev/null 2>&1 && return 0
	if [ -e /root/libsync.so.1 ]; then
		export LD_LIBRARY_PATH=/root
	else
		mkdir -p /run/initramfs &&
			mount --bind / /run/initramfs || return 1
		lib=$(find /run/initramfs/tmp -name libsync.so.1 2>/dev/null | head -n 1)
		[ -n "$lib" ] || { echo "# no libsync.so.1 in the image" >&2; return 1; }
		export LD_LIBRARY_PATH="${lib%/*}"
	fi
	echo "# LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
	"$prog" --help >/dev/null
}

fp_trace_on()
{
	echo 0 >"$FP_TRACING/tracing_on" &&
		echo 8192 >"$FP_TRACING/buffer_size_kb" &&
		: >"$FP_TRACING/trace" &&
		echo 1 >"$FP_TRACE_EVENTS/enable" &&
		echo 1 >"$FP_TRACING/tracing_on"
}

fp_demo_run()
{
	"$prog" --frames "$frames" --fail-frame "$fail_frame" \
		--buffers "$buffers" >/tmp/demo.out 2>&1
	st=$?
	echo "@@demo-begin@@"
	cat /tmp/demo.out
	echo "@@demo-end@@"
	echo "# wl-explicit-sync exited $st"
	[ "$st" -eq 0 ] && grep -q '^wl-explicit-sync: PASS: ' /tmp/demo.out
}

# The compositor reported the failed frame's error, and only that frame
# skipped its scan-out.
fp_demo_error_seen()
{
	[ "$fail_frame" -lt 0 ] && return 0
	grep -q "^  compositor: frame $fail_frame: acquire fence .* error -EIO" \
		/tmp/demo.out
}

fp_trace_dump()
{
	echo 0 >"$FP_TRACE_EVENTS/enable"
	cat "$FP_TRACING/trace" >/tmp/fence-trace.txt
	echo 8 >"$FP_TRACING/buffer_size_kb"
	n=$(grep -c ' fencepost_fence_' /tmp/fence-trace.txt)
	echo "# $n fence events recorded"
	grep ' fencepost_fence_' /tmp/fence-trace.txt | sed 's/^/@@fence-trace@@ /'
	[ "$n" -gt 0 ]
}

fp_step "insmod fencepost" fp_insmod fencepost
fp_step "/dev/fencepost_vgem" test -c /dev/fencepost_vgem
fp_step "wl-explicit-sync in the image, libsync.so.1 found" fp_demo_libs
fp_step "fencepost_fence trace events on" fp_trace_on
fp_step "pipeline: $frames frames, frame $fail_frame fails on the engine" fp_demo_run
fp_step "the failed frame's error reached the compositor" fp_demo_error_seen
fp_step "fence trace recorded" fp_trace_dump
fp_step "kernel log clean" fp_dmesg_clean
fp_step "rmmod fencepost" rmmod fencepost
fp_done
