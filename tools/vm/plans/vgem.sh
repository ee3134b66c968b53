# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# tools/vm/run plan: fencepost's vgem-like exporter (/dev/fencepost_vgem)
# against the stock vgem (/dev/dri/cardN). vgem-smoke asks both devices the
# same questions (every ioctl of the subset, with its error cases, mmap,
# prime export and import, fences with poll and sync_file) and prints one
# answer per line; the two transcripts must be identical. It also checks
# that neither device imports the other's dma-buf (-EINVAL both ways) and
# races threads on each device. Then everything is closed, both modules
# unload and the kernel log must be clean (fencepost_vgem WARNs at unload
# if an object leaked).
#
# Argument: "-t" to include the 10 s fence timeout (about 25 s more).
# Needs: tools/vm/run --ko fencepost.ko --bin vgem-smoke, with vgem-smoke
# built on the host:
#   mkdir -p /tmp/vgem-inc
#   ln -sfn /usr/src/linux-headers-<abi>-common/include/uapi/drm /tmp/vgem-inc/drm
#   gcc -O2 -Wall -pthread -D__user= -I/tmp/vgem-inc -o /tmp/vgem-smoke tools/vm/vgem-smoke.c

smoke_args=${1:-}

fp_show()
{
	sed 's/^/# /' "$1"
}

# Run vgem-smoke on a device into a transcript; fail on BAD lines or a
# missing "done".
fp_smoke()
{
	out=$1
	dev=$2
	# shellcheck disable=SC2086 # the optional flag
	/bin/vgem-smoke $smoke_args "$dev" >"$out" 2>&1
	st=$?
	echo "# vgem-smoke $dev: exit $st, $(wc -l <"$out") lines"
	if grep -q '^BAD' "$out"; then
		grep '^BAD' "$out" | sed 's/^/# /' >&2
		return 1
	fi
	grep -qx "done" "$out" || { fp_show "$out" >&2; return 1; }
}

fp_same_answers()
{
	if diff -u /tmp/stock.txt /tmp/ours.txt >/tmp/answers.diff; then
		echo "# identical: $(wc -l </tmp/ours.txt) answers"
		return 0
	fi
	echo "# stock (-) vs fencepost (+):" >&2
	sed 's/^/#   /' /tmp/answers.diff >&2
	return 1
}

# rmmod refuses while a fencepost_vgem file is open.
fp_rmmod_busy()
{
	{
		if rmmod fencepost 2>/dev/null; then
			echo "# rmmod succeeded with /dev/fencepost_vgem open" >&2
			false
		fi
	} 3<>/dev/fencepost_vgem && test -d /sys/module/fencepost
}

fp_step "modprobe vgem" modprobe vgem
stock=$(/bin/vgem-smoke find)
fp_step "stock vgem node found ($stock)" test -n "$stock"
fp_step "insmod fencepost" fp_insmod fencepost
fp_step "/dev/fencepost_vgem" test -c /dev/fencepost_vgem
fp_step "/dev/fencepost_vgem is 0666" \
	test "$(stat -c %a /dev/fencepost_vgem)" = 666
fp_step "vgem-smoke on stock vgem" fp_smoke /tmp/stock.txt "$stock"
fp_step "vgem-smoke on fencepost_vgem" fp_smoke /tmp/ours.txt /dev/fencepost_vgem
fp_step "same answers" fp_same_answers
fp_cross()
{
	/bin/vgem-smoke cross "$stock" /dev/fencepost_vgem >/tmp/cross.txt 2>&1
	fp_show /tmp/cross.txt
	[ "$(grep -c 'ret=-EINVAL$' /tmp/cross.txt)" -eq 2 ]
}
fp_step "foreign dma-bufs: -EINVAL both ways" fp_cross
echo "# fencepost_vgem transcript:"
fp_show /tmp/ours.txt
fp_stress()
{
	/bin/vgem-smoke stress "$1" >/tmp/stress.txt 2>&1
	st=$?
	fp_show /tmp/stress.txt
	[ "$st" -eq 0 ] && grep -qx 'stress done' /tmp/stress.txt
}
fp_step "racing threads on stock vgem" fp_stress "$stock"
fp_step "racing threads on fencepost_vgem" fp_stress /dev/fencepost_vgem
fp_step "rmmod fails while the device is open" fp_rmmod_busy
fp_step "rmmod fencepost" rmmod fencepost
fp_step "insmod fencepost again" fp_insmod fencepost
fp_step "rmmod fencepost again" rmmod fencepost
fp_step "rmmod vgem" modprobe -r vgem
fp_step "kernel log clean" fp_dmesg_clean
fp_done
