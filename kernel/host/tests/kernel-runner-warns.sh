#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Tests st_run() with deliberate WARNs allowed, as in a module loaded with
# selftest_warns=1: every case of the selection runs and passes, and the
# case that WARNs on purpose is announced by a "# expect N WARNs" comment.
# Run from the top build directory by "make check".

out=$(./fencepost-selftests --kernel-runner --allow-warns \
	--run 'dma_resv/*,dma_fence/test_invalid_ops' 2>/dev/null)
st=$?
printf '%s\n' "$out"
printf '%s\n' "$out" | grep -A1 -x '# expect 2 WARNs' |
	grep -qx 'ok [0-9]* - dma_resv/test_add_unreserved' ||
	echo 'Bail out! dma_resv/test_add_unreserved did not run after "# expect 2 WARNs"'
printf '%s\n' "$out" | grep -A1 -x '# expect 4 WARNs' |
	grep -qx 'ok [0-9]* - dma_fence/test_invalid_ops' ||
	echo 'Bail out! dma_fence/test_invalid_ops did not run after "# expect 4 WARNs"'
exit $st
