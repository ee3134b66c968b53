# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# tools/vm/run plan: the uAPI benchmark (tools/bench/uapi-bench.c). Loads
# the stock vgem and fencepost.ko side by side, then runs /bin/uapi-bench
# RUNS times in this one boot. Each run's CSV goes to the console, every
# line prefixed with "@@uapi-bench-csv@@ <run> ", for tools/bench/vm-bench
# to pick up on the host; the tables are printed as they are.
#
# Arguments: RUNS (default 3), then options for uapi-bench.
# Needs: tools/vm/run --ko fencepost.ko --bin uapi-bench

runs=${1:-3}
[ $# -gt 0 ] && shift

# Prints the CSV of run $1 from /tmp/bench-$1.csv, marked.
fp_bench_emit()
{
	sed "s/^/@@uapi-bench-csv@@ $1 /" "/tmp/bench-$1.csv"
}

# Says whether SLUB debugging is on in the kmalloc caches (tools/bench/
# vm-bench turns it off unless --debug-slab): it dominates the cost of
# every allocation, so the numbers are only comparable with it known.
fp_bench_slab()
{
	state=off
	for f in /sys/kernel/slab/kmalloc-*/sanity_checks \
		 /sys/kernel/slab/kmalloc-*/red_zone \
		 /sys/kernel/slab/kmalloc-*/poison \
		 /sys/kernel/slab/kmalloc-*/store_user; do
		[ -r "$f" ] && [ "$(cat "$f")" = 1 ] && state=on
	done
	echo "# SLUB debugging in the kmalloc caches: $state"
}

fp_bench_run()
{
	run=$1
	shift
	/bin/uapi-bench --csv "/tmp/bench-$run.csv" "$@" 2>&1 && fp_bench_emit "$run"
}

fp_step "modprobe vgem (the stock implementation)" modprobe vgem
fp_step "insmod fencepost" fp_insmod fencepost
fp_step "/dev/fencepost_vgem" test -c /dev/fencepost_vgem
fp_step "uapi-bench in the image" test -x /bin/uapi-bench
fp_bench_slab
i=1
while [ "$i" -le "$runs" ]; do
	echo "# uapi-bench run $i of $runs"
	# shellcheck disable=SC2086 # word splitting of the options is wanted
	fp_step "uapi-bench run $i" fp_bench_run "$i" "$@"
	i=$((i + 1))
done
fp_step "rmmod fencepost" rmmod fencepost
fp_step "kernel log clean" fp_dmesg_clean
fp_done
