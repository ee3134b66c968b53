#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Tests st_run(), the runner the module uses, on the userspace host: its TAP
# plan must match its result lines (tap-driver.sh checks), a glob must
# select one suite, and a case that WARNs on purpose must be an explicit TAP
# SKIP, as in a module loaded without selftest_warns. Run from the top build
# directory by "make check".

out=$(./fencepost-selftests --kernel-runner --run 'dma_resv/*')
st=$?
printf '%s\n' "$out"
printf '%s\n' "$out" |
	grep -qx 'ok [0-9]* - dma_resv/test_add_unreserved # SKIP triggers 2 deliberate WARNs' ||
	echo 'Bail out! dma_resv/test_add_unreserved is not an explicit SKIP'
exit $st
