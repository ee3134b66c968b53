#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# libsync/tests/check-headers.sh: libsync's public headers compile on their
# own and in every order with each other and with the kernel's
# <linux/sync_file.h>, as C and C++, with -Wall -Wextra -Werror (C++ adds
# -Wold-style-cast). The translation units are generated here. Speaks TAP.
#
#   alone, C (gnu11; c99 -pedantic) and C++ (c++11 -pedantic): each header,
#       against the system's <linux/sync_file.h> and against ours
#       (kernel/include/uapi, which has SYNC_IOC_SET_DEADLINE)
#   alone, C89 -pedantic: the headers that need nothing past C89
#       (<libsync.h> uses bool)
#   orders: all 120 orders of <android/sync.h>, <sync/sync.h>,
#       <sw_sync.h>, <libsync.h> and <linux/sync_file.h>, in C and in C++,
#       each followed by a use of every function
#
# Environment: LIBSYNC_CC, LIBSYNC_CXX, LIBSYNC_HEADER_CPPFLAGS,
# LIBSYNC_UAPI_CPPFLAGS (make check sets them).

# The flag variables hold several words each, split on purpose.
# shellcheck disable=SC2086

srcdir=${srcdir:-$(dirname "$0")/../..}
CC=${LIBSYNC_CC:-cc}
CXX=${LIBSYNC_CXX:-c++}
INC=${LIBSYNC_HEADER_CPPFLAGS:--I$srcdir/libsync/include}
UAPI=${LIBSYNC_UAPI_CPPFLAGS:--I$srcdir/kernel/include/uapi}
CWARN="-Wall -Wextra -Werror"
XWARN="-Wall -Wextra -Werror -Wold-style-cast"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-headers.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

have_cxx=yes
echo 'int main() { return 0; }' >"$tmp/probe.cpp"
$CXX -fsyntax-only "$tmp/probe.cpp" 2>/dev/null || have_cxx=no

headers="android/sync.h sync/sync.h sync/legacy.h sw_sync.h libsync.h"
n=0
fail=0
result()
{
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		sed 's/^/# /' "$tmp/err" | head -n 20
		fail=1
	fi
}
skip()
{
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

# compile LANG-COMMAND FILE: -fsyntax-only, errors in $tmp/err.
compile()
{
	cmd=$1
	shift
	# shellcheck disable=SC2086
	$cmd -fsyntax-only "$@" >"$tmp/err" 2>&1
}

# Uses of every function of the headers a unit includes.
uses()
{
	cat <<'EOT'
int use_all(void);
int use_all(void)
{
	struct timespec ts = { 0, 0 };
	struct sync_file_info *info = sync_file_info(-1);
	struct sync_fence_info_data *data = sync_fence_info(-1);
	int fd = -1, r = 0;

	if (info)
		r += sync_get_fence_info(info)->status;
	sync_file_info_free(info);
	r += sync_pt_info(data, 0) != 0;
	sync_fence_info_free(data);
	r += sync_wait(-1, 0) + sync_merge("m", -1, -1);
	r += sync_accumulate("a", &fd, -1) + sync_valid_fd(-1);
	r += sync_set_deadline(-1, &ts);
	r += sw_sync_timeline_create() + sw_sync_timeline_open(0);
	r += sw_sync_timeline_inc(-1, 1) + sw_sync_fence_create(-1, "f", 1);
	return r + SYNC_IOC_MERGE != 0;
}
EOT
}

echo "1..$((5 * 2 * 2 + 3 + 2))"

for uapi in system ours; do
	flags="$INC"
	[ $uapi = ours ] && flags="$INC $UAPI"
	for h in $headers; do
		printf '#include <%s>\n' "$h" >"$tmp/alone.c"
		compile "$CC" -std=gnu11 $CWARN $flags "$tmp/alone.c" &&
			compile "$CC" -std=c99 -pedantic $CWARN $flags "$tmp/alone.c"
		result $? "<$h> alone, C, $uapi <linux/sync_file.h>"
		if [ $have_cxx = yes ]; then
			cp "$tmp/alone.c" "$tmp/alone.cpp"
			compile "$CXX" -std=c++11 -pedantic $XWARN $flags "$tmp/alone.cpp"
			result $? "<$h> alone, C++, $uapi <linux/sync_file.h>"
		else
			skip "<$h> alone, C++" "no C++ compiler ($CXX)"
		fi
	done
done

for h in android/sync.h sync/sync.h sw_sync.h; do
	printf '#include <%s>\n' "$h" >"$tmp/c89.c"
	compile "$CC" -std=c89 -pedantic $CWARN $INC "$tmp/c89.c"
	result $? "<$h> alone, C89 -pedantic"
done

# Every order of the five headers, each with the uses.
perms()
{
	# perms PREFIX REST...: print PREFIX + each order of REST
	prefix=$1
	shift
	if [ $# -eq 0 ]; then
		echo "$prefix"
		return
	fi
	for x in "$@"; do
		rest=
		for y in "$@"; do
			[ "$y" = "$x" ] || rest="$rest $y"
		done
		# shellcheck disable=SC2086
		(perms "$prefix $x" $rest)
	done
}
perms "" android/sync.h sync/sync.h sw_sync.h libsync.h linux/sync_file.h \
	>"$tmp/orders"
norders=$(wc -l <"$tmp/orders")
for lang in C C++; do
	if [ $lang = C++ ] && [ $have_cxx = no ]; then
		skip "all $norders orders, C++" "no C++ compiler ($CXX)"
		continue
	fi
	bad=0
	i=0
	: >"$tmp/allerr"
	while read -r order; do
		i=$((i + 1))
		f=$tmp/order$i.c
		[ $lang = C++ ] && f=$tmp/order$i.cpp
		for h in $order; do
			printf '#include <%s>\n' "$h"
		done >"$f"
		uses >>"$f"
		if [ $lang = C ]; then
			compile "$CC" -std=gnu11 $CWARN $INC "$f"
		else
			compile "$CXX" -std=c++11 $XWARN $INC "$f"
		fi || {
			bad=$((bad + 1))
			echo "order:$order" >>"$tmp/allerr"
			head -n 5 "$tmp/err" >>"$tmp/allerr"
		}
	done <"$tmp/orders"
	cp "$tmp/allerr" "$tmp/err"
	result $bad "all $norders orders of the headers, $lang ($bad failed)"
done
exit $fail
