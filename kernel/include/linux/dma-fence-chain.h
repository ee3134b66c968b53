/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dma-fence-chain: links fences into a timeline, where each link signals
 * once its own fence and all earlier links' fences have signaled.
 */
#ifndef __LINUX_DMA_FENCE_CHAIN_H
#define __LINUX_DMA_FENCE_CHAIN_H

#include <linux/dma-fence.h>
#include <linux/irq_work.h>
#include <linux/slab.h>

/**
 * struct dma_fence_chain - one link of a fence chain
 * @base: the fence itself
 * @prev: the previous link (or any fence ending the chain), or NULL once
 *	everything before this link is known to have signaled; RCU protected
 *	and updated with cmpxchg() by dma_fence_chain_walk()
 * @prev_seqno: seqno of the previous link when this one was created; kept
 *	when @prev is later replaced, dma_fence_chain_find_seqno() uses it
 * @fence: the fence this link adds to the chain
 * @cb: the callback this link queues on the earliest unsignaled fence of
 *	the chain once signaling is enabled
 * @work: irq_work that re-arms @cb on the next unsignaled fence, or signals
 *	the link, outside the signaling path of the fence that fired @cb
 * @lock: the lock of @base
 *
 * Linux overlays @cb and @work in a union. They are separate here because
 * the irq_work re-arms @cb while it is itself still running.
 */
struct dma_fence_chain {
	struct dma_fence base;
	struct dma_fence __rcu *prev;
	u64 prev_seqno;
	struct dma_fence *fence;
	struct dma_fence_cb cb;
	struct irq_work work;
	spinlock_t lock;
};

/**
 * to_dma_fence_chain() - downcast a fence to a chain link
 * @fence: the fence, or NULL
 *
 * Return: the &struct dma_fence_chain containing @fence, or NULL if @fence
 * is NULL or not a chain link.
 */
static inline struct dma_fence_chain *
to_dma_fence_chain(struct dma_fence *fence)
{
	if (!fence || !dma_fence_is_chain(fence))
		return NULL;

	return container_of(fence, struct dma_fence_chain, base);
}

/**
 * dma_fence_chain_contained() - the fence a link stands for
 * @fence: a chain link or any other fence
 *
 * Return: &dma_fence_chain.fence for a chain link, @fence itself otherwise.
 */
static inline struct dma_fence *
dma_fence_chain_contained(struct dma_fence *fence)
{
	struct dma_fence_chain *chain = to_dma_fence_chain(fence);

	return chain ? chain->fence : fence;
}

/**
 * dma_fence_chain_alloc() - allocate a chain link
 *
 * Description: Allocate links before taking locks that forbid sleeping: this may sleep.
 *
 * Return: an uninitialized link for dma_fence_chain_init(), or NULL.
 */
static inline struct dma_fence_chain *dma_fence_chain_alloc(void)
{
	return kmalloc(sizeof(struct dma_fence_chain), GFP_KERNEL);
}

/**
 * dma_fence_chain_free() - free a link that was never initialized
 * @chain: the link from dma_fence_chain_alloc()
 *
 * Only for links that never went through dma_fence_chain_init(); an
 * initialized link is a fence and goes away with dma_fence_put().
 */
static inline void dma_fence_chain_free(struct dma_fence_chain *chain)
{
	kfree(chain);
}

/**
 * dma_fence_chain_for_each - walk a chain from a link towards its start
 * @iter: the current link (or the fence ending the chain)
 * @head: where to start
 *
 * Visits @head and then every earlier link whose fence has not signaled;
 * signaled links are unlinked along the way (see dma_fence_chain_walk()).
 * @iter holds a reference during each iteration; drop it with
 * dma_fence_put() when leaving the loop early.
 */
#define dma_fence_chain_for_each(iter, head)	\
	for (iter = dma_fence_get(head); iter;	\
	     iter = dma_fence_chain_walk(iter))

struct dma_fence *dma_fence_chain_walk(struct dma_fence *fence);
int dma_fence_chain_find_seqno(struct dma_fence **pfence, uint64_t seqno);
void dma_fence_chain_init(struct dma_fence_chain *chain,
			  struct dma_fence *prev,
			  struct dma_fence *fence,
			  uint64_t seqno);

#endif /* __LINUX_DMA_FENCE_CHAIN_H */
