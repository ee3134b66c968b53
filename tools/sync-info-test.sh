#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# sync-info without a kernel that makes sync_files: argument errors, bad
# operands, and a process without sync_files (an empty table, JSON []).
# Its tests on real sync_files are igt-tests/sync_info.c, run in the VM.
# TAP; run from the top build directory by make check.

si=${SYNC_INFO:-./tools/sync-info}
n=0
failed=0
out=${TMPDIR:-/tmp}/sync-info-test.$$
trap 'rm -f "$out" "$out.err"' EXIT

# check NAME EXPECTED-STATUS CMD...: the exit status is EXPECTED-STATUS.
check()
{
	name=$1 want=$2
	shift 2
	n=$((n + 1))
	"$@" >"$out" 2>"$out.err"
	st=$?
	if [ "$st" -eq "$want" ]; then
		echo "ok $n - $name"
	else
		failed=$((failed + 1))
		echo "not ok $n - $name (exit $st, expected $want)"
		sed 's/^/# /' "$out" "$out.err"
	fi
}

# like NAME FILE REGEX: FILE (out or err) of the last check matches.
like()
{
	n=$((n + 1))
	if grep -q -E -e "$3" "$2"; then
		echo "ok $n - $1"
	else
		failed=$((failed + 1))
		echo "not ok $n - $1 (no /$3/)"
		sed 's/^/# /' "$2"
	fi
}

echo "1..22"
check "--help" 0 "$si" --help
like "--help shows the usage" "$out" '^Usage: sync-info'
check "no operand" 2 "$si"
like "no operand: says so" "$out.err" 'no sync_file given'
check "unknown option" 2 "$si" --bogus
check "-p with a non-number" 2 "$si" -p 12x
like "-p with a non-number: says so" "$out.err" "not a process id: '12x'"
check "-p 0" 2 "$si" -p 0
check "--dma-bufs without --pid" 2 "$si" -d 0
# Above the largest pid_max (2^22): never a process.
check "-p of no process" 1 "$si" -p 2147483647
like "-p of no process: no such process" "$out.err" 'no such process'
check "a descriptor that is not a sync_file" 1 "$si" 0 </dev/null
like "not a sync_file: says so" "$out.err" 'not a sync_file'
check "a closed descriptor" 1 "$si" 987
like "a closed descriptor: no such descriptor" "$out.err" 'no such descriptor'
check "a path that does not exist" 1 "$si" /nonexistent/sync_file
check "/proc/PID/fd/N of no process" 1 "$si" /proc/2147483647/fd/0
# This shell holds no sync_file (nor dma-buf).
check "-p of a process without sync_files" 0 "$si" -p $$
like "... prints only the table header" "$out" '^PID +FD +TYPE +NAME +STATUS +FENCES$'
n=$((n + 1))
if [ "$(wc -l <"$out")" -eq 1 ]; then
	echo "ok $n - ... and no row"
else
	failed=$((failed + 1))
	echo "not ok $n - ... and no row"
	sed 's/^/# /' "$out"
fi
check "-j -d -p of a process without sync_files" 0 "$si" -j -d -p $$
n=$((n + 1))
if [ "$(tr -d ' \n' <"$out")" = "[]" ]; then
	echo "ok $n - ... prints []"
else
	failed=$((failed + 1))
	echo "not ok $n - ... prints []"
	sed 's/^/# /' "$out"
fi
[ "$failed" -eq 0 ]
