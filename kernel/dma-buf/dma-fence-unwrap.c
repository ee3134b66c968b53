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
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "dma-fence-array-vec.h"

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
 * unwrapping the arguments and keeps one fence per context, the latest:
 * within a context, waiting for the latest fence covers the earlier ones.
 * The result is sorted by context. Arguments made by earlier merges are
 * sorted already, so the fences of each argument are only checked for
 * order (and sorted if they are not), and two arguments are then merged in
 * one pass: O(n) for the common case, O(n log n) at worst.
 *
 * Merging one plain fence into an array that an earlier merge made, the
 * way dependencies are collected one at a time, appends it without copying
 * the members when it belongs at the end (see "DOC: shared member vectors"
 * in dma-fence-array.c), so collecting N fences that way is O(N) in total
 * work plus one read-only pass over the members per merge: if one of them
 * has signaled meanwhile, the merge falls back to the full one, which
 * drops it (as Linux does).
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
 * One fence found by a scan: signaled fences only update *@timestamp to
 * the latest signaling time; pending ones are counted and, if @out is not
 * NULL, stored there with a reference, at most @max of them.
 */
static void dma_fence_unwrap_scan_one(struct dma_fence *fence,
				      struct dma_fence **out, unsigned int max,
				      unsigned int *count, ktime_t *timestamp)
{
	ktime_t t;

	if (dma_fence_is_signaled(fence)) {
		t = dma_fence_timestamp(fence);
		if (ktime_after(t, *timestamp))
			*timestamp = t;
		return;
	}

	/* Fences only ever signal, so a rescan finds fewer. */
	if (out && WARN_ON_ONCE(*count >= max))
		return;
	if (out)
		out[*count] = dma_fence_get(fence);
	(*count)++;
}

/*
 * Walk all arguments with dma_fence_unwrap_scan_one(). The number of fences
 * stored for argument i is left in @cursors[i].index (the walk is over,
 * the cursor is free). Arrays and plain fences are read directly: the
 * caller's references keep them, and their members, alive.
 */
static unsigned int dma_fence_unwrap_scan(unsigned int num_fences,
					  struct dma_fence **fences,
					  struct dma_fence_unwrap *cursors,
					  struct dma_fence **out,
					  unsigned int max, ktime_t *timestamp)
{
	struct dma_fence_array *array;
	struct dma_fence *fence;
	unsigned int count = 0, run;
	unsigned int i, j;

	for (i = 0; i < num_fences; i++) {
		run = count;
		array = to_dma_fence_array(fences[i]);
		if (array) {
			for (j = 0; j < array->num_fences; j++)
				dma_fence_unwrap_scan_one(array->fences[j], out,
							  max, &count,
							  timestamp);
		} else if (!to_dma_fence_chain(fences[i])) {
			dma_fence_unwrap_scan_one(fences[i], out, max, &count,
						  timestamp);
		} else {
			dma_fence_unwrap_for_each(fence, &cursors[i], fences[i])
				dma_fence_unwrap_scan_one(fence, out, max,
							  &count, timestamp);
		}
		cursors[i].index = count - run;
	}

	return count;
}

/*
 * How many fences a scan of the arguments can find at most, without
 * looking at each one: 0 if an argument is a chain (the caller scans).
 */
static unsigned int dma_fence_unwrap_bound(unsigned int num_fences,
					   struct dma_fence **fences)
{
	struct dma_fence_array *array;
	unsigned int i, max = 0;

	for (i = 0; i < num_fences; i++) {
		if (to_dma_fence_chain(fences[i]))
			return 0;
		array = to_dma_fence_array(fences[i]);
		max += array ? array->num_fences : 1;
	}
	return max;
}

static bool dma_fence_unwrap_sorted(struct dma_fence **fences,
				    unsigned int count)
{
	unsigned int i;

	for (i = 1; i < count; i++) {
		if (fences[i - 1]->context > fences[i]->context)
			return false;
	}
	return true;
}

/*
 * Append @fence to @out, which holds *@n fences sorted by context, taking
 * over its reference: if the last one has the same context, only the later
 * of the two is kept.
 */
static void dma_fence_unwrap_emit(struct dma_fence **out, unsigned int *n,
				  struct dma_fence *fence)
{
	struct dma_fence *last = *n ? out[*n - 1] : NULL;

	if (!last || last->context != fence->context) {
		out[(*n)++] = fence;
		return;
	}

	if (dma_fence_is_later(fence, last)) {
		out[*n - 1] = fence;
		dma_fence_put(last);
	} else {
		dma_fence_put(fence);
	}
}

/*
 * Merge the runs in @in (run i is @cursors[i].index fences long, as left by
 * dma_fence_unwrap_scan()) into @out, sorted by context with one fence per
 * context. @out may be the memory right before @in: the output never gets
 * ahead of the input. Returns the number of fences in @out.
 */
static unsigned int dma_fence_unwrap_merge_runs(unsigned int num_fences,
						struct dma_fence_unwrap *cursors,
						struct dma_fence **in,
						unsigned int count,
						struct dma_fence **out)
{
	struct dma_fence **a, **b, **a_end, **b_end;
	unsigned int i, n = 0, pos = 0;
	bool all_sorted = true;

	/* Each run on its own: arguments made by a merge are sorted. */
	for (i = 0; i < num_fences; i++) {
		unsigned int len = cursors[i].index;

		if (!dma_fence_unwrap_sorted(in + pos, len)) {
			sort(in + pos, len, sizeof(*in), dma_fence_unwrap_cmp,
			     NULL);
		}
		pos += len;
	}

	if (num_fences == 2) {
		/* One pass over both runs. */
		a = in;
		a_end = in + cursors[0].index;
		b = a_end;
		b_end = in + count;
		while (a < a_end && b < b_end) {
			if ((*b)->context < (*a)->context)
				dma_fence_unwrap_emit(out, &n, *b++);
			else
				dma_fence_unwrap_emit(out, &n, *a++);
		}
		while (a < a_end)
			dma_fence_unwrap_emit(out, &n, *a++);
		while (b < b_end)
			dma_fence_unwrap_emit(out, &n, *b++);
		return n;
	}

	if (num_fences > 2)
		all_sorted = dma_fence_unwrap_sorted(in, count);
	if (!all_sorted)
		sort(in, count, sizeof(*in), dma_fence_unwrap_cmp, NULL);
	for (i = 0; i < count; i++)
		dma_fence_unwrap_emit(out, &n, in[i]);
	return n;
}

/* Fences __dma_fence_unwrap_merge() collects on the stack, at most. */
#define DMA_FENCE_UNWRAP_SCRATCH	4

/* A plain fence: neither an array nor a chain. */
static bool dma_fence_unwrap_is_plain(struct dma_fence *fence)
{
	return !to_dma_fence_array(fence) && !to_dma_fence_chain(fence);
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
	struct dma_fence *scratch[DMA_FENCE_UNWRAP_SCRATCH];
	ktime_t timestamp = ns_to_ktime(0);
	struct dma_fence **vec, **in;
	struct dma_fence *result;
	unsigned int count, max;

	/* One fence into an array made by an earlier merge: no copy. */
	if (num_fences == 2) {
		if (dma_fence_unwrap_is_plain(fences[1])) {
			result = dma_fence_array_try_append(fences[0], fences[1]);
			if (result)
				return result;
		}
		if (dma_fence_unwrap_is_plain(fences[0])) {
			result = dma_fence_array_try_append(fences[1], fences[0]);
			if (result)
				return result;
		}
	}

	/* Without chains the bound is known; with them, count first. */
	max = dma_fence_unwrap_bound(num_fences, fences);
	if (!max) {
		max = dma_fence_unwrap_scan(num_fences, fences, cursors, NULL,
					    0, &timestamp);
		if (!max)
			return dma_fence_allocate_private_stub(timestamp);
	}

	/*
	 * The upper half takes what the scan collects, the lower half the
	 * merged result, which leaves room to append to it later. A few
	 * fences are collected on the stack instead: the vector then fits
	 * the result exactly, and the allocation (which the kernel clears
	 * with init_on_alloc) stays in a smaller kmalloc bucket; appending
	 * to it later grows it by doubling like any full vector.
	 */
	if (max <= ARRAY_SIZE(scratch)) {
		vec = dma_fence_array_vec_alloc(max);
		in = scratch;
	} else {
		vec = dma_fence_array_vec_alloc(2 * max);
		in = vec + max;
	}
	if (!vec)
		return NULL;

	count = dma_fence_unwrap_scan(num_fences, fences, cursors, in, max,
				      &timestamp);
	count = dma_fence_unwrap_merge_runs(num_fences, cursors, in, count,
					    vec);
	if (count > 1)
		return dma_fence_array_vec_create(vec, count,
						  dma_fence_context_alloc(1));

	if (count)
		result = vec[0];
	else
		result = dma_fence_allocate_private_stub(timestamp);
	dma_fence_array_vec_free(vec, 0);

	return result;
}
EXPORT_SYMBOL(__dma_fence_unwrap_merge);
