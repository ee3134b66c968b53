/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dma-fence-unwrap: iterate over the fences inside chains and arrays, and
 * merge several (possibly composite) fences into one flat fence.
 */
#ifndef __LINUX_DMA_FENCE_UNWRAP_H
#define __LINUX_DMA_FENCE_UNWRAP_H

#include <linux/kernel.h>

struct dma_fence;

/**
 * struct dma_fence_unwrap - position of a dma_fence_unwrap_for_each() walk
 *
 * Holds a reference to the current chain link (or to the head fence) while
 * the walk is in progress; the walk drops it when it reaches the end.
 */
struct dma_fence_unwrap {
	/**
	 * @chain: the current chain link, or the head fence if it is not a
	 * chain
	 */
	struct dma_fence *chain;
	/**
	 * @array: the fence contained in @chain, an array or a plain fence
	 */
	struct dma_fence *array;
	/**
	 * @index: index of the last returned member if @array is an array
	 */
	unsigned int index;
};

struct dma_fence *dma_fence_unwrap_first(struct dma_fence *head,
					 struct dma_fence_unwrap *cursor);
struct dma_fence *dma_fence_unwrap_next(struct dma_fence_unwrap *cursor);

/**
 * dma_fence_unwrap_for_each - iterate over the fences inside containers
 * @fence: the current fence
 * @cursor: a &struct dma_fence_unwrap for the walk's state
 * @head: where to start: a chain, an array, a chain of arrays, or a plain
 *	fence (which is then the only fence returned)
 *
 * Visits every member of every array in every unsignaled link of the chain
 * (see dma_fence_chain_walk() for which links are skipped). Arrays nested
 * inside arrays are returned as one fence. No reference is taken on
 * @fence; it is valid until the next iteration. The walk holds a reference
 * in @cursor which it drops at the end: run loops to completion, or drop
 * @cursor->chain with dma_fence_put() after breaking out.
 */
#define dma_fence_unwrap_for_each(fence, cursor, head)			\
	for (fence = dma_fence_unwrap_first(head, cursor); fence;	\
	     fence = dma_fence_unwrap_next(cursor))

struct dma_fence *__dma_fence_unwrap_merge(unsigned int num_fences,
					   struct dma_fence **fences,
					   struct dma_fence_unwrap *cursors);

/**
 * dma_fence_unwrap_merge - merge fences into one flat fence
 *
 * Description: Takes any number of fences (plain, arrays, chains) as arguments, unwraps
 * them and returns one fence that signals when all of them have: a stub
 * fence if everything has signaled, the only fence left if there is just
 * one, or a new &struct dma_fence_array with one fence per context (the
 * latest one). The arguments keep their references.
 *
 * A macro so that the argument array and the cursors live on the caller's
 * stack.
 *
 * Return: the merged fence with a reference, or NULL if out of memory.
 */
#define dma_fence_unwrap_merge(...)					\
	({								\
		struct dma_fence *__f[] = { __VA_ARGS__ };		\
		struct dma_fence_unwrap __c[ARRAY_SIZE(__f)];		\
									\
		__dma_fence_unwrap_merge(ARRAY_SIZE(__f), __f, __c);	\
	})

#endif /* __LINUX_DMA_FENCE_UNWRAP_H */
