# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# tools/vm/run plan: libsync (libsync/) on real sync_files. Loads the stock
# vgem, then fencepost.ko, and runs the libsync programs that
# tools/vm/run --bin put in /bin:
#
#   libsync          the Android-style suite (igt-tests/libsync.c): its
#                    sw_sync-* subtests on fencepost's sw_sync (debugfs
#                    sync/sw_sync, then again on /dev/sw_sync), its vgem-*
#                    subtests on both vgem backends (IGT_VGEM=fencepost and
#                    IGT_VGEM=stock: sync_files of the stock kernel itself)
#   libsync-libdrm   igt-tests/libsync-libdrm.c compiled against Debian's
#                    /usr/include/libsync.h (libdrm-dev), both backends
#   libsync-drop-in  the same source against libsync's <libsync.h>, linked
#                    with libsync.so, both backends
#   android-cxx      C++ on <android/sync.h> and <sw_sync.h> (sw_sync)
#   mesa-style       C on <libsync.h> and <sw_sync.h> (sw_sync)
#
# A step fails on a "Subtest ...: FAIL" line, a "not ok" line or an exit
# status other than 0 or 77; a program missing from the image is a TAP
# SKIP. Then everything is closed, both modules unload and the kernel log
# must be clean.
#
# Needs: tools/vm/run --ko fencepost.ko --bin build/igt-tests/libsync
#        --bin build/igt-tests/libsync-libdrm --bin build/igt-tests/libsync-drop-in
#        --bin build/libsync/tests/android-cxx
#        --bin build/libsync/tests/mesa-style tools/vm/plans/libsync.sh
# (--bin copies libsync.so.1 too: the programs' RUNPATH names the build's
# libsync/.libs, and run copies what ldd lists at the same path. A build
# directory under /tmp is hidden by the guest's tmpfs: then add
# --file BUILD/libsync/.libs/libsync.so.1.0.0:/root/libsync.so.1: the
# plan then sets LD_LIBRARY_PATH=/root.)
# Arguments: [full|quick] [GLOB]. full (the default) runs the stress
# subtests of igt-tests/libsync at the sizes of Android's tests once, on
# debugfs sync/sw_sync: about ten minutes under TCG, so give run a
# --timeout of 900; quick divides their rounds by 16 (IGT_LIBSYNC_QUICK=1),
# about a minute in all. The /dev/sw_sync pass is always quick (the same
# file operations as debugfs). GLOB picks subtests of igt-tests/libsync
# (--run-subtest).

mode=${1:-full}
filter=${2:-}
case $mode in
full) quick=0 ;;
quick) quick=1 ;;
*) echo "# libsync.sh: unknown mode '$mode' (full or quick)" >&2; quick=0 ;;
esac

# Run /bin/$1 with VAR=VALUE... ($2...) in its environment (a first
# "glob=GLOB" picks subtests with --run-subtest); fail on a failed subtest,
# a "not ok" line or a bad exit status.
fp_libsync_run()
{
	t=$1
	shift
	glob=
	case ${1:-} in
	glob=*) glob=${1#glob=}; shift ;;
	esac
	[ "$t" = libsync ] && [ -n "$filter" ] && glob=$filter
	if [ -n "$glob" ]; then
		env "$@" "/bin/$t" --run-subtest "$glob" >/tmp/ls.out 2>&1
	else
		env "$@" "/bin/$t" >/tmp/ls.out 2>&1
	fi
	st=$?
	sed 's/^/# /' /tmp/ls.out
	echo "# $t $* exited $st"
	if grep -q -E '^Subtest .*: FAIL|^not ok' /tmp/ls.out; then
		echo "# failed: $(sed -n -e 's/^Subtest \(.*\): FAIL.*/\1/p' \
			-e 's/^not ok [0-9]* - \(.*\)/\1/p' /tmp/ls.out |
			paste -s -d' ' -)" >&2
		return 1
	fi
	[ "$st" -eq 0 ] || [ "$st" -eq 77 ]
}

# fp_libsync_step NAME PROG [glob=GLOB] [VAR=VALUE...]: a step, or a SKIP if PROG is
# not in the image.
fp_libsync_step()
{
	name=$1
	t=$2
	shift 2
	if [ -x "/bin/$t" ]; then
		fp_step "$name" fp_libsync_run "$t" "$@"
	else
		echo "ok $((fp_n += 1)) - $name # SKIP /bin/$t not in the image (tools/vm/run --bin)"
	fi
}

# libsync.so.1 from --file (in /root): for a build directory the guest
# hides (under /tmp, where the guest mounts a tmpfs).
[ -f /root/libsync.so.1 ] && export LD_LIBRARY_PATH=/root

fp_step "modprobe vgem" modprobe vgem
fp_step "insmod fencepost" fp_insmod fencepost
fp_step "debugfs sync/sw_sync and /dev/sw_sync" \
	test -f /sys/kernel/debug/sync/sw_sync -a -c /dev/sw_sync
fp_libsync_step "libsync IGT_VGEM=fencepost ($mode)" libsync \
	IGT_VGEM=fencepost IGT_LIBSYNC_QUICK=$quick
fp_libsync_step "libsync IGT_VGEM=stock (vgem-* on the stock kernel)" libsync \
	IGT_VGEM=stock
fp_libsync_step "libsync sw_sync-* on /dev/sw_sync (quick)" libsync \
	'glob=sw_sync-*' IGT_VGEM=fencepost IGT_SW_SYNC_PATH=/dev/sw_sync \
	IGT_LIBSYNC_QUICK=1
for t in libsync-libdrm libsync-drop-in; do
	for v in fencepost stock; do
		fp_libsync_step "$t IGT_VGEM=$v" "$t" IGT_VGEM=$v
	done
done
fp_libsync_step "android-cxx (C++, <android/sync.h> <sw_sync.h>)" android-cxx
fp_libsync_step "mesa-style (C, <libsync.h> <sw_sync.h>)" mesa-style
fp_step "rmmod fencepost" rmmod fencepost
fp_step "rmmod vgem" modprobe -r vgem
fp_step "kernel log clean" fp_dmesg_clean
fp_done
