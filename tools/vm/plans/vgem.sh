# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# tools/vm/run plan: fencepost's vgem-like exporter (/dev/fencepost_vgem)
# against the stock vgem (/dev/dri/cardN), on its own. vgem_diff
# (igt-tests/vgem_diff.c) asks both devices the same questions (every ioctl
# of the subset, with its error cases, mmap, prime export and import,
# fences with poll and sync_file) and prints one answer per line; the two
# transcripts must be identical. It also checks that fencepost imports the
# stock vgem's dma-buf and the stock vgem refuses ours (-EINVAL), and races
# threads on each device. Then everything is closed, rmmod must fail while the device is
# open, both modules unload and the kernel log must be clean
# (fencepost_vgem WARNs at unload if an object leaked).
#
# plans/selftests.sh runs the same differential in every VM run (make
# check); this plan is the quick way to iterate on it, and the only one
# with the 10 s fence timeout check.
#
# Argument: "-t" to include the 10 s fence timeout (about 25 s more).
# Needs: tools/vm/run --ko fencepost.ko --bin build/igt-tests/vgem_diff
# (make builds it).

diff_args=${1:-}

fp_show()
{
	sed 's/^/# /' "$1"
}

# Run vgem_diff on a device into a transcript; fail on BAD lines or a
# missing "done".
fp_diff()
{
	out=$1
	dev=$2
	# shellcheck disable=SC2086 # the optional flag
	/bin/vgem_diff $diff_args "$dev" >"$out" 2>&1
	st=$?
	echo "# vgem_diff $dev: exit $st, $(wc -l <"$out") lines"
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

fp_step "/bin/vgem_diff is in the image (tools/vm/run --bin)" test -x /bin/vgem_diff
fp_step "modprobe vgem" modprobe vgem
stock=$(/bin/vgem_diff find)
fp_step "stock vgem node found ($stock)" test -n "$stock"
fp_step "insmod fencepost" fp_insmod fencepost
fp_step "/dev/fencepost_vgem" test -c /dev/fencepost_vgem
fp_step "/dev/fencepost_vgem is 0666" \
	test "$(stat -c %a /dev/fencepost_vgem)" = 666
fp_step "vgem_diff on stock vgem" fp_diff /tmp/stock.txt "$stock"
fp_step "vgem_diff on fencepost_vgem" fp_diff /tmp/ours.txt /dev/fencepost_vgem
fp_step "same answers" fp_same_answers
fp_cross()
{
	/bin/vgem_diff cross "$stock" /dev/fencepost_vgem >/tmp/cross.txt 2>&1
	fp_show /tmp/cross.txt
	grep -qx "cross $stock -> /dev/fencepost_vgem: ret=0" /tmp/cross.txt &&
		grep -qx "cross /dev/fencepost_vgem -> $stock: ret=-EINVAL" /tmp/cross.txt
}
fp_step "foreign dma-bufs: stock's imported, ours refused (-EINVAL)" fp_cross
echo "# fencepost_vgem transcript:"
fp_show /tmp/ours.txt
fp_stress()
{
	/bin/vgem_diff stress "$1" >/tmp/stress.txt 2>&1
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
