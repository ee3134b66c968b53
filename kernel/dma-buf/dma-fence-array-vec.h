/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Arrays over shared member vectors: how dma_fence_unwrap_merge() builds
 * its arrays and merges one fence into one of them without copying (see
 * "DOC: shared member vectors" in dma-fence-array.c). Private to
 * kernel/dma-buf/.
 */
#ifndef _DMA_FENCE_ARRAY_VEC_H
#define _DMA_FENCE_ARRAY_VEC_H

#include <linux/types.h>

struct dma_fence;

struct dma_fence **dma_fence_array_vec_alloc(unsigned int capacity);
void dma_fence_array_vec_free(struct dma_fence **fences, unsigned int count);
struct dma_fence *dma_fence_array_vec_create(struct dma_fence **fences,
					     unsigned int count, u64 context);
struct dma_fence *dma_fence_array_try_append(struct dma_fence *head,
					     struct dma_fence *fence);

#endif /* _DMA_FENCE_ARRAY_VEC_H */
