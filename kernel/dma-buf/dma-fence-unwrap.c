// SPDX-License-Identifier: GPL-2.0-only
/*
 * dma-fence-unwrap: walk the fences inside chains and arrays, and merge
 * any number of fences into a single flat fence.
 */

#include <linux/dma-fence.h>
#include <linux/dma-fence-array.h>
#include <linux/dma-fence-chain.h>
#include <linux/dma-fence-unwrap.h>
#include <linux/export.h>
#include <linux/slab.h>
#include <linux/sort.h>

/**
 * DOC: unwrapping containers
 *
 * Containers come in two shapes that may be combined: chains, whose links
 * each hold one fence, and arrays, which hold a flat list of fences. The
 * canonical nesting is a chain of arrays, as built by timeline syncobjs.
 * dma_fence_unwrap_for_each() walks that structure two levels deep: every
 * chain link (skipping links whose fence has signaled, see
 * dma_fence_chain_walk()), and inside each link every array member. A
 * fence that is neither is returned as itself. Deeper nesting, an array
 * inside an array, is not opened: the inner array is returned as one
 * fence, which is still correct to wait for.
 */

/**
 * DOC: merging fences
 *
 * __dma_fence_unwrap_merge() (through dma_fence_unwrap_merge()) flattens
 * several fences into one. It collects every unsignaled fence found by
 * unwrapping the arguments, sorts them by context with the latest fence of
 * each context first, and keeps only that first fence per context: within
 * a context, waiting for the latest fence covers the earlier ones. The
 * sort makes this O(n log n) in the number of collected fences.
 *
 * The result is a new, signaled stub carrying the latest timestamp of the
 * signaled inputs if nothing is pending; the pending fence itself if only
 * one is left; otherwise a new &struct dma_fence_array on a new context
 * that signals when all remaining fences have.
 */

/* Enter the link at @cursor->chain, skipping links with empty arrays. */
static struct dma_fence *dma_fence_unwrap_enter(struct dma_fence_unwrap *cursor)
{
	struct dma_fence *fence;

	while (cursor->chain) {
		cursor->array = dma_fence_chain_contained(cursor->chain);
		cursor->index = 0;

		fence = dma_fence_array_first(cursor->array);
		if (fence)
			return fence;

		cursor->chain = dma_fence_chain_walk(cursor->chain);
	}

	cursor->array = NULL;
	return NULL;
}

/**
 * dma_fence_unwrap_first() - start walking the fences inside containers
 * @head: the chain, array or plain fence to walk; may be NULL
 * @cursor: the walk's state
 *
 * Takes a reference to @head, held in @cursor until the walk ends.
 *
 * Return: the first fence found, or NULL if there is none.
 */
struct dma_fence *dma_fence_unwrap_first(struct dma_fence *head,
					 struct dma_fence_unwrap *cursor)
{
	cursor->chain = dma_fence_get(head);
	return dma_fence_unwrap_enter(cursor);
}
EXPORT_SYMBOL(dma_fence_unwrap_first);

/**
 * dma_fence_unwrap_next() - continue walking the fences inside containers
 * @cursor: the walk's state from dma_fence_unwrap_first()
 *
 * Return: the next fence, or NULL at the end, when the walk's reference
 * has been dropped.
 */
struct dma_fence *dma_fence_unwrap_next(struct dma_fence_unwrap *cursor)
{
	struct dma_fence *fence;

	fence = dma_fence_array_next(cursor->array, ++cursor->index);
	if (fence)
		return fence;

	cursor->chain = dma_fence_chain_walk(cursor->chain);
	return dma_fence_unwrap_enter(cursor);
}
EXPORT_SYMBOL(dma_fence_unwrap_next);

/* Sort order for merging: by context, the latest fence of each first. */
static int dma_fence_unwrap_cmp(const void *a, const void *b)
{
	struct dma_fence *fa = *(struct dma_fence * const *)a;
	struct dma_fence *fb = *(struct dma_fence * const *)b;

	if (fa->context != fb->context)
		return fa->context < fb->context ? -1 : 1;

	if (dma_fence_is_later(fa, fb))
		return -1;
	if (dma_fence_is_later(fb, fa))
		return 1;
	return 0;
}

/*
 * Walk all arguments. Signaled fences only update *@timestamp to the latest
 * signaling time. Pending fences are counted and, if @out is not NULL,
 * stored there with a reference, at most @max of them.
 */
static unsigned int dma_fence_unwrap_scan(unsigned int num_fences,
					  struct dma_fence **fences,
					  struct dma_fence_unwrap *cursors,
					  struct dma_fence **out,
					  unsigned int max, ktime_t *timestamp)
{
	struct dma_fence *fence;
	unsigned int count = 0;
	unsigned int i;
	ktime_t t;

	for (i = 0; i < num_fences; i++) {
		dma_fence_unwrap_for_each(fence, &cursors[i], fences[i]) {
			if (dma_fence_is_signaled(fence)) {
				t = dma_fence_timestamp(fence);
				if (ktime_after(t, *timestamp))
					*timestamp = t;
				continue;
			}

			/* Fences only ever signal, so a rescan finds fewer. */
			if (out && WARN_ON_ONCE(count >= max))
				continue;
			if (out)
				out[count] = dma_fence_get(fence);
			count++;
		}
	}

	return count;
}

/* Keep only the latest fence of each context, returns the new count. */
static unsigned int dma_fence_unwrap_dedup(struct dma_fence **fences,
					   unsigned int count)
{
	unsigned int i, last = 0;

	if (count < 2)
		return count;

	sort(fences, count, sizeof(*fences), dma_fence_unwrap_cmp, NULL);

	for (i = 1; i < count; i++) {
		if (fences[i]->context == fences[last]->context)
			dma_fence_put(fences[i]);
		else
			fences[++last] = fences[i];
	}

	return last + 1;
}

/* Wrap @count (> 1) fences into an array, consuming @fences either way. */
static struct dma_fence *dma_fence_unwrap_to_array(struct dma_fence **fences,
						   unsigned int count)
{
	struct dma_fence_array *array;
	unsigned int i;

	array = dma_fence_array_create(count, fences,
				       dma_fence_context_alloc(1), 1, false);
	if (array)
		return &array->base;

	for (i = 0; i < count; i++)
		dma_fence_put(fences[i]);
	kfree(fences);
	return NULL;
}

/**
 * __dma_fence_unwrap_merge() - merge fences into one flat fence
 * @num_fences: number of entries in @fences
 * @fences: the fences to merge; plain fences, arrays or chains
 * @cursors: scratch space, one cursor per entry of @fences
 *
 * The implementation of dma_fence_unwrap_merge(), see "DOC: merging
 * fences"; use the macro. The references in @fences stay with the caller.
 * May sleep.
 *
 * Return: a fence with a new reference that signals once all of @fences
 * have, or NULL if out of memory.
 */
struct dma_fence *__dma_fence_unwrap_merge(unsigned int num_fences,
					   struct dma_fence **fences,
					   struct dma_fence_unwrap *cursors)
{
	ktime_t timestamp = ns_to_ktime(0);
	struct dma_fence **pending;
	struct dma_fence *result;
	unsigned int count;

	count = dma_fence_unwrap_scan(num_fences, fences, cursors, NULL, 0,
				      &timestamp);
	if (!count)
		return dma_fence_allocate_private_stub(timestamp);

	pending = kmalloc_array(count, sizeof(*pending), GFP_KERNEL);
	if (!pending)
		return NULL;

	count = dma_fence_unwrap_scan(num_fences, fences, cursors, pending,
				      count, &timestamp);
	count = dma_fence_unwrap_dedup(pending, count);
	if (count > 1)
		return dma_fence_unwrap_to_array(pending, count);

	if (count)
		result = pending[0];
	else
		result = dma_fence_allocate_private_stub(timestamp);
	kfree(pending);

	return result;
}
EXPORT_SYMBOL(__dma_fence_unwrap_merge);
