#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# fence-trace on a recording the userspace host makes now: fencepost-
# selftests runs a few cases (fences that signal, fail, get waited on)
# with FENCEPOST_TRACE set, then fence-trace converts the recording and the
# outputs are checked against it: the JSON parses and has one slice per
# fence (one per fencepost_fence_init line), an error mark per
# fencepost_fence_error line and wait slices; the SVG is well-formed XML
# with one fence rectangle per fence. Also: fence-trace fails cleanly on a
# recording without fence events. TAP; run from the top build directory.

: "${srcdir:=.}"
ft=$srcdir/tools/fence-trace
st=./fencepost-selftests
tmp=${TMPDIR:-/tmp}/fence-trace-test.$$
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp" || exit 99

if ! command -v python3 >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 is not installed"
	exit 0
fi
echo "1..6"
n=0
failed=0
result()
{
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2"
	fi
}

cases='dma_fence/test_signaling,dma_fence/test_error,dma_fence/test_wait,dma_fence_array/test_array_error_all,dma_fence_chain/test_chain_sanity'
FENCEPOST_TRACE=$tmp/rec.txt "$st" --run "$cases" >"$tmp/st.out" 2>&1
st_status=$?
sed 's/^/# /' "$tmp/st.out"
[ "$st_status" -eq 0 ] && [ -s "$tmp/rec.txt" ] &&
	grep -q ' fencepost_fence_init: ' "$tmp/rec.txt"
result $? "the host records fence events (FENCEPOST_TRACE)"
echo "# $(wc -l <"$tmp/rec.txt") events recorded"

python3 "$ft" --summary --json "$tmp/out.json" --svg "$tmp/out.svg" \
	"$tmp/rec.txt" 2>"$tmp/ft.err"
result $? "fence-trace converts the recording"
sed 's/^/# /' "$tmp/ft.err"

python3 - "$tmp/rec.txt" "$tmp/out.json" "$tmp/out.svg" >"$tmp/check.out" 2>&1 <<'PY'
import json, re, sys
import xml.etree.ElementTree as ET

rec, js, sv = sys.argv[1:]
lines = open(rec).read().splitlines()
def count(ev):
    return sum(1 for l in lines if re.search(r' %s: ' % ev, l))
inits, errors = count('fencepost_fence_init'), count('fencepost_fence_error')
waits = count('fencepost_fence_wait_end')
print('recording: %d inits, %d errors, %d waits' % (inits, errors, waits))
ok = True
def want(cond, what):
    global ok
    print(('ok: ' if cond else 'FAIL: ') + what)
    ok = ok and cond

d = json.load(open(js))
ev = d['traceEvents']
slices = [e for e in ev if e['ph'] == 'X' and e['cat'] == 'fence']
want(len(slices) == inits, 'one fence slice per init (%d)' % len(slices))
want(all(e['dur'] >= 0 and e['ts'] >= 0 for e in slices), 'times are sane')
errs = [e for e in ev if e['ph'] == 'i' and 'error' in e['cat']]
want(errors > 0 and len(errs) == errors,
     'one error mark per error event (%d)' % len(errs))
want(all(e['args'].get('error', 0) < 0 for e in slices
         if e['name'].find('error') >= 0), 'error slices carry the errno')
want(len([e for e in ev if e['ph'] == 'X' and e['cat'] == 'wait']) == waits,
     'one wait slice per wait')
names = [e for e in ev if e['ph'] == 'M' and e['name'] == 'process_name']
want(len(names) >= 2, 'a track per timeline (%d)' % len(names))

root = ET.parse(sv).getroot()
rects = [r for r in root.iter('{http://www.w3.org/2000/svg}rect')
         if r.get('class', '').split(' ')[0] == 'fence']
want(len(rects) == inits, 'SVG: one fence shape per fence (%d)' % len(rects))
want(sum(1 for r in rects if 'error' in r.get('class')) > 0,
     'SVG: error fences are marked')
sys.exit(0 if ok else 1)
PY
st_check=$?
sed 's/^/# /' "$tmp/check.out"
[ "$st_check" -eq 0 ]
result $? "JSON and SVG match the recording"

printf '# tracer: nop\n' >"$tmp/empty.txt"
python3 "$ft" --json "$tmp/empty.json" "$tmp/empty.txt" 2>"$tmp/ft.err"
[ $? -eq 1 ] && grep -q 'no fence events' "$tmp/ft.err"
result $? "a recording without fence events: exit 1 and a message"

python3 "$ft" --bogus "$tmp/rec.txt" 2>/dev/null
[ $? -eq 2 ]
result $? "bad usage: exit 2"

python3 "$ft" "$tmp/missing.txt" 2>"$tmp/ft.err"
[ $? -eq 1 ] && grep -q 'missing.txt' "$tmp/ft.err"
result $? "a missing input file: exit 1 and a message"

[ "$failed" -eq 0 ]
