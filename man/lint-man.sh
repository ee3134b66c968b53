#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# man/lint-man.sh: render every manual page with warnings enabled and fail
# on any warning. Speaks TAP. Run from make check (srcdir set) or by hand.
#
# Without groff: SKIP, but a hard error (Bail out!, exit 99) under CI=true,
# where .ci/packages provides groff and man-db. Automake's TAP driver takes
# the SKIP from the "1..0 # SKIP" plan and would call exit status 77 an
# ERROR, so the SKIP exits 0.

srcdir=${srcdir:-$(dirname "$0")/..}

if ! command -v groff >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then
		echo "Bail out! groff is not installed (CI=true)"
		exit 99
	fi
	echo "1..0 # SKIP groff is not installed"
	exit 0
fi

have_man=no
if command -v man >/dev/null 2>&1 && man --help 2>&1 | grep -q -- --warnings
then
	have_man=yes
elif [ "${CI:-}" = true ]; then
	echo "Bail out! man (man-db) is not installed (CI=true)"
	exit 99
fi

# Every page in man/ (man/Makemodule.am installs them; .ci/check-dist
# makes sure the list there misses none).
set -- "$srcdir"/man/*.[1-8]
[ -f "$1" ] || { echo "Bail out! no manual page in $srcdir/man"; exit 99; }
echo "1..$#"
[ $have_man = yes ] || echo "# man-db is not installed: groff checks only"
n=0
fail=0
err=$(mktemp "${TMPDIR:-/tmp}/lint-man.XXXXXX") || exit 99
trap 'rm -f "$err"' EXIT
for file in "$@"; do
	n=$((n + 1))
	page=${file##*/}
	: >"$err"
	LC_ALL=C.UTF-8 groff -man -ww -z -t "$file" 2>>"$err"
	if [ $have_man = yes ]; then
		LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 \
			man --warnings -E UTF-8 -l -Tutf8 -Z "$file" \
			>/dev/null 2>>"$err"
	fi
	if [ -s "$err" ]; then
		echo "not ok $n - $page"
		sed 's/^/# /' "$err"
		fail=1
	else
		echo "ok $n - $page"
	fi
done
exit $fail
