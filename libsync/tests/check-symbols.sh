#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# libsync/tests/check-symbols.sh: the dynamic symbols libsync.so defines are
# exactly the ones libsync.sym lists, each in the version node it is listed
# in, and the SONAME is libsync.so.N. Speaks TAP.
#
# Environment: LIBSYNC_LIBDIR (the .libs directory of the build), srcdir.

srcdir=${srcdir:-$(dirname "$0")/../..}
lib=${LIBSYNC_LIBDIR:-libsync/.libs}/libsync.so
map=$srcdir/libsync/libsync.sym

if ! command -v readelf >/dev/null 2>&1; then
	echo "1..0 # SKIP readelf is not installed"
	exit 0
fi
[ -e "$lib" ] || { echo "Bail out! no $lib"; exit 99; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-symbols.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

# "name@NODE" for every symbol of the map, from its node blocks.
awk '
	/^[A-Z_0-9]+ *\{/ { node = $1; next }
	/^}/ { node = ""; next }
	node != "" && /^[ \t]*[a-z_][a-z_0-9]*;/ {
		gsub(/[ \t;]/, ""); print $0 "@" node
	}' "$map" | sort >"$tmp/expected"

# Defined dynamic symbols with their version: "name@@NODE" in readelf's
# output (the node definitions themselves are ABS symbols: left out).
readelf --dyn-syms -W "$lib" |
	awk '$1 ~ /^[0-9]+:$/ && $7 != "UND" && $7 != "ABS" && $8 != "" { print $8 }' |
	sed 's/@@*/@/' | sort >"$tmp/actual"

echo "1..4"
n=$(wc -l <"$tmp/expected")
if [ "$n" -ge 14 ]; then
	echo "ok 1 - libsync.sym lists $n symbols"
else
	echo "not ok 1 - libsync.sym lists $n symbols (parse error?)"
fi
if cmp -s "$tmp/expected" "$tmp/actual"; then
	echo "ok 2 - the exports are exactly libsync.sym's, node by node"
else
	echo "not ok 2 - the exports differ from libsync.sym (-map +library):"
	diff "$tmp/expected" "$tmp/actual" | sed -n 's/^\([<>]\)/# \1/p'
fi
android="sync_merge sync_file_info sync_file_info_free sync_wait sync_fence_info sync_pt_info sync_fence_info_free"
missing=
for s in $android; do
	grep -qx "$s@LIBSYNC" "$tmp/actual" || missing="$missing $s"
done
if [ -z "$missing" ]; then
	echo "ok 3 - Android's seven symbols are in node LIBSYNC"
else
	echo "not ok 3 - not in node LIBSYNC:$missing"
fi
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
case $soname in
libsync.so.[0-9]*) echo "ok 4 - SONAME $soname" ;;
*) echo "not ok 4 - SONAME '$soname'" ;;
esac
