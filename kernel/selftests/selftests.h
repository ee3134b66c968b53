/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The list of selftest suites, in the order they run. Included several times
 * with different definitions of selftest(); no include guard on purpose.
 * Each entry names a DEFINE_ST_SUITE() in one st-*.c file.
 */
selftest(dma_fence)
selftest(dma_fence_array)
selftest(dma_fence_chain)
selftest(dma_fence_unwrap)
selftest(seqno_fence)
selftest(dma_resv)
