/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dma-fence-array: one fence that stands for a set of fences, signaling
 * when all of them (or, on request, any one of them) have signaled.
 */
#ifndef __LINUX_DMA_FENCE_ARRAY_H
#define __LINUX_DMA_FENCE_ARRAY_H

#include <linux/dma-fence.h>
#include <linux/irq_work.h>

/**
 * struct dma_fence_array_cb - the callback an array puts on one member
 * @cb: the callback queued on the member fence
 * @array: the array the member belongs to
 */
struct dma_fence_array_cb {
	struct dma_fence_cb cb;
	struct dma_fence_array *array;
};

/**
 * struct dma_fence_array - a fence aggregating other fences
 * @base: the fence itself
 * @lock: the lock of @base
 * @num_fences: number of entries in @fences
 * @num_pending: members whose completion has not yet been counted (only
 *	meaningful once signaling is enabled)
 * @fences: the members; the array owns one reference to each and the
 *	kmalloc()ed pointer array itself
 * @work: signals the array and drops references outside the members'
 *	signaling paths
 */
struct dma_fence_array {
	struct dma_fence base;

	spinlock_t lock;
	unsigned int num_fences;
	atomic_t num_pending;
	struct dma_fence **fences;

	struct irq_work work;
};

/**
 * to_dma_fence_array() - downcast a fence to an array
 * @fence: the fence, or NULL
 *
 * Return: the &struct dma_fence_array containing @fence, or NULL if @fence
 * is NULL or not an array.
 */
static inline struct dma_fence_array *
to_dma_fence_array(struct dma_fence *fence)
{
	if (!fence || !dma_fence_is_array(fence))
		return NULL;

	return container_of(fence, struct dma_fence_array, base);
}

/**
 * dma_fence_array_for_each - iterate over the members of an array
 * @fence: the current member
 * @index: the index of @fence
 * @head: an array, or any other fence, which is then the only "member"
 *
 * No references are taken: @head must be held for the whole loop. Members
 * that are containers themselves are returned as they are; see
 * dma_fence_unwrap_for_each() to look inside chains too.
 */
#define dma_fence_array_for_each(fence, index, head)			\
	for (index = 0, fence = dma_fence_array_first(head); fence;	\
	     ++(index), fence = dma_fence_array_next(head, index))

struct dma_fence_array *dma_fence_array_create(int num_fences,
					       struct dma_fence **fences,
					       u64 context, unsigned int seqno,
					       bool signal_on_any);

bool dma_fence_match_context(struct dma_fence *fence, u64 context);

struct dma_fence *dma_fence_array_first(struct dma_fence *head);
struct dma_fence *dma_fence_array_next(struct dma_fence *head,
				       unsigned int index);

#endif /* __LINUX_DMA_FENCE_ARRAY_H */
