// SPDX-License-Identifier: GPL-2.0-only
/*
 * dma-fence-chain: timeline semantics on top of single fences. Each link
 * points to its predecessor and signals when its own fence and all fences
 * before it have signaled.
 */

#include <linux/dma-fence-chain.h>
#include <linux/export.h>
#include <linux/minmax.h>

/**
 * DOC: fence chains
 *
 * A chain is a singly linked list of &struct dma_fence_chain links, newest
 * first, each wrapping one fence and carrying a seqno. A link is a fence
 * itself: it signals when its own fence and the fences of all earlier links
 * have signaled, so waiting for link N means waiting for every point up to
 * N on the timeline. DRM timeline syncobjs are built on this.
 *
 * Links that are no longer needed are collected on the fly: whenever
 * dma_fence_chain_walk() finds that the fence of the previous link has
 * signaled, it makes the current link point past it and drops the
 * reference, so a chain does not grow without bound while its old points
 * complete. @prev_seqno keeps the original predecessor's seqno so that
 * dma_fence_chain_find_seqno() still knows which points a link covers.
 *
 * Signaling is armed lazily. Enabling signaling on a link queues its @cb
 * on the newest unsignaled fence of the chain at or before the link. When
 * that fence signals, the callback queues @work, which looks again and
 * either re-arms @cb on the next unsignaled fence or, if none is left,
 * signals the link. The irq_work keeps the walk, with its reference drops,
 * out of the signaling fence's callback, where that fence's lock is held.
 */

/**
 * DOC: fence chain contexts and seqnos
 *
 * dma_fence_chain_init() puts a new link on the context of @prev when
 * @prev is a link and the new seqno is later than @prev's (as compared by
 * __dma_fence_is_later() with 64-bit seqnos). Otherwise the link starts a
 * new context: always when @prev is not a link (NULL or a plain fence),
 * and when the seqno is not later, in which case the link's seqno is
 * raised to @prev's so that it still covers every point before it.
 *
 * A chain link must not wrap another chain link in @fence; chains only
 * grow through @prev. Wrap an array of the fences instead.
 */

/**
 * DOC: fence chain release
 *
 * Releasing a link drops its reference to the previous link, which may be
 * the last one, and so on down the chain. Done naively that recursion is
 * as deep as the chain is long, and a chain of a hundred thousand links
 * would overflow the stack. The release therefore unlinks predecessors it
 * holds the only reference to, one at a time in a loop, and frees each one
 * after detaching its own predecessor, so the depth stays constant.
 */

static bool dma_fence_chain_enable_signaling(struct dma_fence *fence);

static const char *
dma_fence_chain_get_driver_name(struct dma_fence *fence __always_unused)
{
	return "dma_fence_chain";
}

static const char *
dma_fence_chain_get_timeline_name(struct dma_fence *fence __always_unused)
{
	return "unbound";
}

/* Get a reference to @chain's predecessor, which may change under us. */
static struct dma_fence *dma_fence_chain_get_prev(struct dma_fence_chain *chain)
{
	struct dma_fence *prev;

	rcu_read_lock();
	prev = dma_fence_get_rcu_safe(&chain->prev);
	rcu_read_unlock();

	return prev;
}

/*
 * If the fence of @prev, the predecessor of @chain, has signaled, make
 * @chain skip it. Returns false if @prev is still pending. The caller
 * keeps its own reference to @prev either way.
 */
static bool dma_fence_chain_skip_prev(struct dma_fence_chain *chain,
				      struct dma_fence *prev)
{
	struct dma_fence_chain *prev_chain = to_dma_fence_chain(prev);
	struct dma_fence *replacement, *old;

	if (!dma_fence_is_signaled(dma_fence_chain_contained(prev)))
		return false;

	replacement = prev_chain ? dma_fence_chain_get_prev(prev_chain) : NULL;

	/* Somebody else may have collected @prev meanwhile; then do nothing. */
	old = unrcu_pointer(cmpxchg(&chain->prev, RCU_INITIALIZER(prev),
				    RCU_INITIALIZER(replacement)));
	if (old == prev)
		dma_fence_put(prev);
	else
		dma_fence_put(replacement);

	return true;
}

/**
 * dma_fence_chain_walk() - step to the previous unsignaled link
 * @fence: the current link; its reference is consumed
 *
 * Returns the predecessor of @fence, skipping (and unlinking) predecessors
 * whose fence has signaled. A plain fence is treated as a chain of one.
 *
 * Return: the previous link or fence with a new reference, or NULL at the
 * end of the chain.
 */
struct dma_fence *dma_fence_chain_walk(struct dma_fence *fence)
{
	struct dma_fence_chain *chain = to_dma_fence_chain(fence);
	struct dma_fence *prev = NULL;

	if (chain) {
		while ((prev = dma_fence_chain_get_prev(chain))) {
			if (!dma_fence_chain_skip_prev(chain, prev))
				break;
			dma_fence_put(prev);
		}
	}

	dma_fence_put(fence);
	return prev;
}
EXPORT_SYMBOL(dma_fence_chain_walk);

/**
 * dma_fence_chain_find_seqno() - find the link that signals a timeline point
 * @pfence: in: a chain link with a reference; out: the link to wait for
 * @seqno: the point on the timeline, 0 for "nothing"
 *
 * Replaces *@pfence by the oldest link that has to signal for @seqno to be
 * reached: the link covering @seqno, or an earlier unsignaled one if that
 * link has been collected. *@pfence becomes NULL if every point up to
 * @seqno has signaled. The reference moves along with the pointer.
 *
 * Return: 0 on success (also for @seqno 0, leaving *@pfence alone);
 * -EINVAL if *@pfence is not a chain link or @seqno is past its seqno.
 */
int dma_fence_chain_find_seqno(struct dma_fence **pfence, uint64_t seqno)
{
	struct dma_fence *head = *pfence;
	struct dma_fence_chain *link;
	struct dma_fence *iter;

	if (!seqno)
		return 0;

	if (!to_dma_fence_chain(head) || head->seqno < seqno)
		return -EINVAL;

	dma_fence_chain_for_each(iter, head) {
		link = to_dma_fence_chain(iter);
		if (iter->context != head->context || !link ||
		    link->prev_seqno < seqno)
			break;
	}
	dma_fence_put(head);

	*pfence = iter;
	return 0;
}
EXPORT_SYMBOL(dma_fence_chain_find_seqno);

static void dma_fence_chain_work(struct irq_work *work)
{
	struct dma_fence_chain *chain =
		container_of(work, struct dma_fence_chain, work);

	/* Re-arm on the next pending fence, or signal if there is none. */
	if (!dma_fence_chain_enable_signaling(&chain->base))
		dma_fence_signal(&chain->base);

	dma_fence_put(&chain->base);
}

static void dma_fence_chain_cb(struct dma_fence *f, struct dma_fence_cb *cb)
{
	struct dma_fence_chain *chain =
		container_of(cb, struct dma_fence_chain, cb);

	irq_work_queue(&chain->work);
	/* The signaler holds @f, so this is not the last reference. */
	dma_fence_put(f);
}

/*
 * Queue the link's callback on the newest pending fence at or before it.
 * Called once with the link's lock held by the core, then again without
 * it from the irq_work. On success the callback owns a reference to the
 * link and one to the fence it waits for.
 */
static bool dma_fence_chain_enable_signaling(struct dma_fence *fence)
{
	struct dma_fence_chain *head = to_dma_fence_chain(fence);
	struct dma_fence *iter, *f;

	dma_fence_get(&head->base);
	dma_fence_chain_for_each(iter, &head->base) {
		f = dma_fence_get(dma_fence_chain_contained(iter));
		if (!dma_fence_add_callback(f, &head->cb, dma_fence_chain_cb)) {
			dma_fence_put(iter);
			return true;
		}
		dma_fence_put(f);
	}
	/* Our caller holds a reference too, so this one is not the last. */
	dma_fence_put(&head->base);

	return false;
}

static bool dma_fence_chain_signaled(struct dma_fence *fence)
{
	struct dma_fence *iter;

	dma_fence_chain_for_each(iter, fence) {
		if (!dma_fence_is_signaled(dma_fence_chain_contained(iter))) {
			dma_fence_put(iter);
			return false;
		}
	}

	return true;
}

static void dma_fence_chain_set_deadline(struct dma_fence *fence,
					 ktime_t deadline)
{
	struct dma_fence *iter;

	dma_fence_chain_for_each(iter, fence)
		dma_fence_set_deadline(dma_fence_chain_contained(iter), deadline);
}

static void dma_fence_chain_release(struct dma_fence *fence)
{
	struct dma_fence_chain *chain = to_dma_fence_chain(fence);
	struct dma_fence_chain *prev_chain;
	struct dma_fence *prev;

	/* See "DOC: fence chain release". */
	while ((prev = rcu_dereference_protected(chain->prev, true))) {
		prev_chain = to_dma_fence_chain(prev);
		if (!prev_chain || kref_read(&prev->refcount) > 1)
			break;

		/*
		 * We hold the only reference to @prev_chain: nobody else can
		 * look at its predecessor pointer, so plain stores will do.
		 */
		RCU_INIT_POINTER(chain->prev,
				 rcu_dereference_protected(prev_chain->prev,
							   true));
		RCU_INIT_POINTER(prev_chain->prev, NULL);
		dma_fence_put(prev);
	}
	dma_fence_put(prev);

	dma_fence_put(chain->fence);
	dma_fence_free(fence);
}

const struct dma_fence_ops dma_fence_chain_ops = {
	.use_64bit_seqno = true,
	.get_driver_name = dma_fence_chain_get_driver_name,
	.get_timeline_name = dma_fence_chain_get_timeline_name,
	.enable_signaling = dma_fence_chain_enable_signaling,
	.signaled = dma_fence_chain_signaled,
	.release = dma_fence_chain_release,
	.set_deadline = dma_fence_chain_set_deadline,
};
EXPORT_SYMBOL(dma_fence_chain_ops);

/**
 * dma_fence_chain_init() - initialize a chain link
 * @chain: the link, from dma_fence_chain_alloc()
 * @prev: the previous link or fence, or NULL; its reference moves to the
 *	link
 * @fence: the fence the link adds; its reference moves to the link
 * @seqno: the timeline point of the link
 *
 * Picks the link's context and seqno as described in "DOC: fence chain
 * contexts and seqnos". After this the link is a fence and is freed with
 * dma_fence_put(). Warns if @fence is itself a chain link.
 */
void dma_fence_chain_init(struct dma_fence_chain *chain,
			  struct dma_fence *prev,
			  struct dma_fence *fence,
			  uint64_t seqno)
{
	struct dma_fence_chain *prev_chain = to_dma_fence_chain(prev);
	u64 context;

	spin_lock_init(&chain->lock);
	rcu_assign_pointer(chain->prev, prev);
	chain->fence = fence;
	chain->prev_seqno = 0;
	INIT_LIST_HEAD(&chain->cb.node);
	init_irq_work(&chain->work, dma_fence_chain_work);

	if (prev_chain && __dma_fence_is_later(seqno, prev->seqno, prev->ops)) {
		context = prev->context;
		chain->prev_seqno = prev->seqno;
	} else {
		context = dma_fence_context_alloc(1);
		if (prev_chain)
			seqno = max_t(u64, prev->seqno, seqno);
	}

	dma_fence_init(&chain->base, &dma_fence_chain_ops, &chain->lock,
		       context, seqno);

	WARN_ON(dma_fence_is_chain(fence));
}
EXPORT_SYMBOL(dma_fence_chain_init);
