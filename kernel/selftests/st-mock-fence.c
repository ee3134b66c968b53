// SPDX-License-Identifier: GPL-2.0-only
/*
 * Mock fences, arrays, chain links and counting callbacks shared by the
 * selftest suites.
 */

#include <linux/dma-fence.h>
#include <linux/dma-fence-array.h>
#include <linux/dma-fence-chain.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "st-mock-fence.h"

/**
 * DOC: selftest mock fences
 *
 * A mock fence is a &struct dma_fence with a private spinlock, freed
 * through the default release (dma_fence_free()). With mock_fence_ops it
 * uses 64-bit seqnos, counts enable_signaling calls and keeps the earliest
 * deadline it was given; mock_fence_ops32 has 32-bit seqnos and nothing
 * else. The helpers that build arrays and chain links take their own
 * references, so callers keep theirs.
 */

/**
 * mock_fence_driver_name() - the get_driver_name of the mock ops
 * @f: the fence (unused)
 *
 * Return: "mock".
 */
const char *mock_fence_driver_name(struct dma_fence __always_unused *f)
{
	return "mock";
}

/**
 * mock_fence_timeline_name() - the get_timeline_name of the mock ops
 * @f: the fence (unused)
 *
 * Return: "mock-timeline".
 */
const char *mock_fence_timeline_name(struct dma_fence __always_unused *f)
{
	return "mock-timeline";
}

static bool mock_enable_signaling(struct dma_fence *f)
{
	atomic_inc(&to_mock_fence(f)->enabled);
	return true;
}

static void mock_set_deadline(struct dma_fence *f, ktime_t deadline)
{
	struct mock_fence *mock = to_mock_fence(f);
	unsigned long flags;

	spin_lock_irqsave(&mock->lock, flags);
	if (!mock->deadlines || ktime_before(deadline, mock->deadline))
		mock->deadline = deadline;
	mock->deadlines++;
	spin_unlock_irqrestore(&mock->lock, flags);
}

const struct dma_fence_ops mock_fence_ops = {
	.use_64bit_seqno = true,
	.get_driver_name = mock_fence_driver_name,
	.get_timeline_name = mock_fence_timeline_name,
	.enable_signaling = mock_enable_signaling,
	.set_deadline = mock_set_deadline,
};

const struct dma_fence_ops mock_fence_ops32 = {
	.get_driver_name = mock_fence_driver_name,
	.get_timeline_name = mock_fence_timeline_name,
};

/**
 * mock_fence_create() - make a mock fence
 * @ops: mock_fence_ops, mock_fence_ops32 or ops of the caller's whose
 *	release (if any) frees the &struct mock_fence
 * @context: the fence context
 * @seqno: the sequence number within @context
 *
 * Return: the new unsignaled fence with one reference, or NULL when out of
 * memory.
 */
struct dma_fence *mock_fence_create(const struct dma_fence_ops *ops,
				    u64 context, u64 seqno)
{
	struct mock_fence *f;

	/* The default release frees the dma_fence pointer itself. */
	BUILD_BUG_ON(offsetof(struct mock_fence, base) != 0);

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return NULL;

	spin_lock_init(&f->lock);
	atomic_set(&f->enabled, 0);
	dma_fence_init(&f->base, ops, &f->lock, context, seqno);

	return &f->base;
}

/**
 * mock_fence() - make a mock fence (mock_fence_ops) on a new context
 *
 * Return: the new unsignaled fence, with seqno 1 and one reference, or NULL
 * when out of memory.
 */
struct dma_fence *mock_fence(void)
{
	return mock_fence_create(&mock_fence_ops, dma_fence_context_alloc(1), 1);
}

/**
 * mock_fences() - fill an array with new mock fences
 * @f: where to store the fences
 * @count: how many to make, each by mock_fence()
 *
 * All or nothing: on failure the fences made so far are dropped and their
 * slots set to NULL.
 *
 * Return: 0 on success, -ENOMEM when out of memory.
 */
int mock_fences(struct dma_fence **f, unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		f[i] = mock_fence();
		if (!f[i])
			goto err_put;
	}
	return 0;

err_put:
	while (i--) {
		dma_fence_put(f[i]);
		f[i] = NULL;
	}
	return -ENOMEM;
}

/**
 * mock_fences_put() - signal and drop an array of fences
 * @f: the fences; NULL entries are skipped, the others are set to NULL
 * @count: how many entries @f has
 */
void mock_fences_put(struct dma_fence **f, unsigned int count)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		if (!f[i])
			continue;
		dma_fence_signal(f[i]);
		dma_fence_put(f[i]);
		f[i] = NULL;
	}
}

/**
 * mock_array() - wrap fences into a new dma_fence_array
 * @in: the fences, each of which gets a new reference
 * @count: how many fences @in has
 * @any: signal on any fence rather than on all
 *
 * The array is on a new context, with seqno 1. The caller keeps its own
 * references to @in.
 *
 * Return: the array's fence with one reference, or NULL when out of memory.
 */
struct dma_fence *mock_array(struct dma_fence **in, unsigned int count,
			     bool any)
{
	struct dma_fence_array *array;
	struct dma_fence **fences;
	unsigned int i;

	fences = kmalloc_array(count, sizeof(*fences), GFP_KERNEL);
	if (!fences)
		return NULL;

	for (i = 0; i < count; i++)
		fences[i] = dma_fence_get(in[i]);

	array = dma_fence_array_create(count, fences,
				       dma_fence_context_alloc(1), 1, any);
	if (!array) {
		for (i = 0; i < count; i++)
			dma_fence_put(fences[i]);
		kfree(fences);
		return NULL;
	}

	return &array->base;
}

/**
 * mock_chain() - make a new dma_fence_chain link
 * @prev: the previous link, or NULL; it gets a new reference
 * @fence: the fence the link wraps; it gets a new reference
 * @seqno: the link's seqno
 *
 * Return: the link's fence with one reference, or NULL when out of memory.
 */
struct dma_fence *mock_chain(struct dma_fence *prev, struct dma_fence *fence,
			     u64 seqno)
{
	struct dma_fence_chain *chain;

	chain = dma_fence_chain_alloc();
	if (!chain)
		return NULL;

	dma_fence_chain_init(chain, dma_fence_get(prev), dma_fence_get(fence),
			     seqno);
	return &chain->base;
}

/**
 * count_cb_init() - prepare a counting callback
 * @cb: the callback
 *
 * Also makes dma_fence_remove_callback() safe on @cb before any add.
 */
void count_cb_init(struct count_cb *cb)
{
	INIT_LIST_HEAD(&cb->cb.node);
	atomic_set(&cb->count, 0);
	cb->error = 1;
}

/**
 * count_cb_func() - the fence callback of a &struct count_cb
 * @f: the fence that signaled
 * @cb: the &count_cb.cb member
 *
 * Records the error of @f and counts the call.
 */
void count_cb_func(struct dma_fence *f, struct dma_fence_cb *cb)
{
	struct count_cb *c = container_of(cb, struct count_cb, cb);

	c->error = f->error;
	atomic_inc(&c->count);
}

/**
 * count_cb_seen() - how many times a counting callback ran
 * @cb: the callback
 *
 * Return: the number of calls so far.
 */
int count_cb_seen(struct count_cb *cb)
{
	return atomic_read(&cb->count);
}
