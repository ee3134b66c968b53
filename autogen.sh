#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Generates configure and the Makefile templates from a git checkout.
# "autoreconf -fi" runs libtoolize and "automake --add-missing --copy", which
# copies build-aux/tap-driver.sh (configure.ac asks for it with
# AC_REQUIRE_AUX_FILE). Extra arguments are passed to configure; with none,
# configure is not run.

set -e

srcdir=$(dirname "$0")
test -n "$srcdir" || srcdir=.

mkdir -p "$srcdir/m4" "$srcdir/build-aux"
autoreconf --force --install "$srcdir"

if [ ! -f "$srcdir/build-aux/tap-driver.sh" ]; then
	echo "autogen.sh: build-aux/tap-driver.sh was not installed" >&2
	exit 1
fi

if [ $# -gt 0 ]; then
	"$srcdir/configure" "$@"
else
	echo "Now run: ./configure && make && make check"
fi
