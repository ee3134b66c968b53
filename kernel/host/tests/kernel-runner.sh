#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Tests st_run(), the runner the module uses, on the userspace host: its TAP
# plan must match its result lines (tap-driver.sh checks), and a glob must
# select one suite. Run from the top build directory by "make check".

exec ./fencepost-selftests --kernel-runner --run 'dma_resv/*'
