# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# Helpers for test plans inside the tools/vm/run guest (busybox sh). The
# runner installs this file as /lib/fencepost-vm.sh; a plan sources it.
#
#   fp_step NAME CMD...     run CMD, print "ok/not ok - NAME", count failures
#   fp_insmod KO [PARAM...] insmod /ko/KO.ko (or a path), failing loudly
#   fp_dmesg_clean          no WARNING/BUG/Oops/... in the kernel log and no
#                           taint besides O (out-of-tree) and E (unsigned)
#   fp_done                 print the summary; return 0 or 1
#
# Plans see FP_KO_DIR (our modules), FP_KABI (uname -r).

# shellcheck disable=SC2034 # for the plans
FP_KO_DIR=/ko
FP_KABI=$(uname -r)
fp_n=0
fp_failed=0

# Lines in the kernel log that mean the kernel is unhappy.
FP_DMESG_BAD='WARNING:|BUG:|BUG |Oops|general protection|Call Trace|RIP:|UBSAN|KFENCE|list_add corruption|list_del corruption|refcount_t:|kernel BUG|stack-protector|double free|use-after-free|INFO: task .* blocked|rcu_.*stall|soft lockup|hard LOCKUP|Kernel panic|slab .* error|Poison overwritten|Redzone|Object already free|Left Redzone|Padding overwritten'

# Taint bits that loading our unsigned out-of-tree module is expected to set.
FP_TAINT_OK=$((4096 | 8192))

fp_step()
{
	name=$1
	shift
	fp_n=$((fp_n + 1))
	if "$@"; then
		echo "ok $fp_n - $name"
	else
		fp_failed=$((fp_failed + 1))
		echo "not ok $fp_n - $name"
	fi
}

fp_insmod()
{
	ko=$1
	shift
	case $ko in
	*/*) ;;
	*) ko=$FP_KO_DIR/$ko.ko ;;
	esac
	if ! insmod "$ko" "$@"; then
		echo "# insmod $ko $* failed" >&2
		dmesg | tail -n 20 | sed 's/^/# /' >&2
		return 1
	fi
}

fp_taint_clean()
{
	t=$(cat /proc/sys/kernel/tainted)
	if [ $((t & ~FP_TAINT_OK)) -ne 0 ]; then
		echo "# kernel tainted: $t" >&2
		return 1
	fi
}

fp_dmesg_clean()
{
	if dmesg | grep -E "$FP_DMESG_BAD" >/tmp/fp-bad; then
		echo "# the kernel log has:" >&2
		sed 's/^/#   /' /tmp/fp-bad | head -n 40 >&2
		return 1
	fi
	fp_taint_clean
}

fp_done()
{
	echo "# $fp_n steps, $fp_failed failed"
	[ "$fp_failed" -eq 0 ]
}
