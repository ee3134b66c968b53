// SPDX-License-Identifier: GPL-2.0-only
/*
 * dma-fence-array: a fence that signals once all of its member fences have
 * signaled, or once any one of them has, carrying the first member error.
 */

#include <linux/dma-fence-array.h>
#include <linux/export.h>
#include <linux/refcount.h>
#include <linux/slab.h>

/**
 * DOC: fence arrays
 *
 * dma_fence_array_create() wraps a set of fences into one. In the default
 * mode the array signals when every member has signaled; with
 * @signal_on_any it signals as soon as one member has. The array takes over
 * the caller's pointer array and the references in it.
 *
 * Until somebody enables signaling on the array, nothing is armed:
 * dma_fence_is_signaled() on the array polls the members. Enabling
 * signaling queues one callback on each member. Each callback counts one
 * member as done in @num_pending; the callback that reaches the signaling
 * condition (the last member, or the first one with @signal_on_any) queues
 * the array's irq_work, which signals the array. If the condition is
 * already met while signaling is being enabled, because the members had
 * signaled before, the array signals right away, synchronously.
 *
 * Errors: the array's error is the first member error it sees, and it is
 * fixed when the array signals; members that complete with an error after
 * a @signal_on_any array signaled don't change it. While the array is
 * pending, &dma_fence.error holds a private marker value (1) meaning "no
 * error seen yet"; it is replaced by the first error or by 0 when the array
 * signals.
 */

/**
 * DOC: fence array references and locking
 *
 * Callbacks run under the member's lock, maybe in irq context. From there
 * the array must neither be signaled (signaling runs the array's own
 * callbacks, which may take locks that are ordered before the member's
 * lock, as enabling signaling takes the array's lock and then the member's)
 * nor freed (freeing drops the references to all members, whose release
 * may take the member's timeline lock, which is likely the very lock
 * held). Both are left to the irq_work.
 *
 * Every queued member callback owns a reference to the array, because the
 * callback structures live inside it. The callback that completes the
 * array hands its reference to the irq_work, which drops it after
 * signaling. The other callbacks drop theirs on the spot when it is not the
 * last one, and otherwise queue the irq_work to drop it. Whenever one
 * callback holds the last reference, no other queued irq_work can exist,
 * since a queued irq_work owns a reference too, so the irq_work is never
 * queued twice for different purposes.
 */

/**
 * DOC: nested fence arrays
 *
 * Linux warns when an array is built with containers (arrays or chains) as
 * members. fencepost supports it: a member array is just a fence whose
 * completion is reported through its own irq_work, and error propagation
 * and both signaling modes work through any number of levels. Every level
 * however adds call depth to dma_fence_is_signaled(), to enabling
 * signaling and to releasing the array, and with lockdep enabled an
 * array's lock is taken inside another array's lock. So nesting should
 * stay shallow: callers that collect fences from several containers should
 * flatten them with dma_fence_unwrap_merge(), which produces a single-level
 * array. dma_fence_array_for_each() and dma_fence_unwrap_for_each() return
 * a member array as one fence, without looking inside.
 */

/* &dma_fence.error of an array that has not seen a member error yet. */
#define DMA_FENCE_ARRAY_NO_ERROR_YET	1

/* Set in &dma_fence.flags of arrays created with signal_on_any. */
#define DMA_FENCE_ARRAY_FLAG_SIGNAL_ANY	DMA_FENCE_FLAG_USER_BITS

static const char *
dma_fence_array_get_driver_name(struct dma_fence *fence __always_unused)
{
	return "dma_fence_array";
}

static const char *
dma_fence_array_get_timeline_name(struct dma_fence *fence __always_unused)
{
	return "unbound";
}

static struct dma_fence_array_cb *
dma_fence_array_callbacks(struct dma_fence_array *array)
{
	return (struct dma_fence_array_cb *)(array + 1);
}

/* Value of @num_pending at which the array signals. */
static int dma_fence_array_threshold(struct dma_fence_array *array)
{
	if (test_bit(DMA_FENCE_ARRAY_FLAG_SIGNAL_ANY, &array->base.flags))
		return (int)array->num_fences - 1;

	return 0;
}

/*
 * Replace the "no error yet" marker by @error. The marker never comes back
 * once gone, so the cmpxchg() is only tried while it is there: after the
 * array has signaled, its error is left strictly alone.
 */
static void dma_fence_array_set_error_once(struct dma_fence_array *array,
					   int error)
{
	if (READ_ONCE(array->base.error) == DMA_FENCE_ARRAY_NO_ERROR_YET)
		cmpxchg(&array->base.error, DMA_FENCE_ARRAY_NO_ERROR_YET, error);
}

/* Keep @error if it is the first member error and the array is pending. */
static void dma_fence_array_note_error(struct dma_fence_array *array,
				       int error)
{
	if (error)
		dma_fence_array_set_error_once(array, error);
}

/* Called just before signaling: no member error means success. */
static void dma_fence_array_settle_error(struct dma_fence_array *array)
{
	dma_fence_array_set_error_once(array, 0);
}

/*
 * Count one member as done. Returns true for exactly one call per array:
 * the one that meets the signaling condition.
 */
static bool dma_fence_array_member_done(struct dma_fence_array *array)
{
	return atomic_dec_return(&array->num_pending) ==
	       dma_fence_array_threshold(array);
}

static void dma_fence_array_work(struct irq_work *work)
{
	struct dma_fence_array *array =
		container_of(work, struct dma_fence_array, work);

	dma_fence_array_settle_error(array);
	dma_fence_signal(&array->base);
	dma_fence_put(&array->base);
}

/* Drop a callback's reference from inside a member's signaling path. */
static void dma_fence_array_put_from_cb(struct dma_fence_array *array)
{
	if (refcount_dec_not_one(&array->base.refcount.refcount))
		return;

	/* The last reference: let the irq_work free the array. */
	irq_work_queue(&array->work);
}

static void dma_fence_array_cb_func(struct dma_fence *member,
				    struct dma_fence_cb *cb)
{
	struct dma_fence_array *array =
		container_of(cb, struct dma_fence_array_cb, cb)->array;

	dma_fence_array_note_error(array, member->error);

	if (dma_fence_array_member_done(array))
		irq_work_queue(&array->work);
	else
		dma_fence_array_put_from_cb(array);
}

static bool dma_fence_array_enable_signaling(struct dma_fence *fence)
{
	struct dma_fence_array *array = to_dma_fence_array(fence);
	struct dma_fence_array_cb *cb = dma_fence_array_callbacks(array);
	struct dma_fence *member;
	unsigned int i;

	for (i = 0; i < array->num_fences; i++) {
		member = array->fences[i];
		cb[i].array = array;

		dma_fence_get(&array->base);
		if (!dma_fence_add_callback(member, &cb[i].cb,
					    dma_fence_array_cb_func))
			continue;

		/*
		 * Already signaled. Our caller holds a reference, so this
		 * put is never the last one.
		 */
		dma_fence_array_note_error(array, member->error);
		dma_fence_put(&array->base);
		if (dma_fence_array_member_done(array)) {
			dma_fence_array_settle_error(array);
			return false;
		}
	}

	return true;
}

/* Poll the members of an array that has no callbacks armed. */
static bool dma_fence_array_poll(struct dma_fence_array *array)
{
	bool any = test_bit(DMA_FENCE_ARRAY_FLAG_SIGNAL_ANY,
			    &array->base.flags);
	struct dma_fence *member;
	unsigned int i;

	for (i = 0; i < array->num_fences; i++) {
		member = array->fences[i];
		if (!dma_fence_is_signaled(member)) {
			if (!any)
				return false;
			continue;
		}

		dma_fence_array_note_error(array, member->error);
		if (any)
			return true;
	}

	return !any;
}

static bool dma_fence_array_signaled(struct dma_fence *fence)
{
	struct dma_fence_array *array = to_dma_fence_array(fence);
	int pending = atomic_read_acquire(&array->num_pending);

	/*
	 * Once signaling is enabled the members are counted by the callbacks
	 * and @pending can only go down, so a stale value just errs on the
	 * side of "not yet".
	 */
	if (test_bit(DMA_FENCE_FLAG_ENABLE_SIGNAL_BIT, &fence->flags)) {
		if (pending > dma_fence_array_threshold(array))
			return false;
	} else if (!dma_fence_array_poll(array)) {
		return false;
	}

	dma_fence_array_settle_error(array);
	return true;
}

static void dma_fence_array_set_deadline(struct dma_fence *fence,
					 ktime_t deadline)
{
	struct dma_fence_array *array = to_dma_fence_array(fence);
	unsigned int i;

	for (i = 0; i < array->num_fences; i++)
		dma_fence_set_deadline(array->fences[i], deadline);
}

static void dma_fence_array_release(struct dma_fence *fence)
{
	struct dma_fence_array *array = to_dma_fence_array(fence);
	unsigned int i;

	for (i = 0; i < array->num_fences; i++)
		dma_fence_put(array->fences[i]);

	kfree(array->fences);
	dma_fence_free(fence);
}

const struct dma_fence_ops dma_fence_array_ops = {
	.get_driver_name = dma_fence_array_get_driver_name,
	.get_timeline_name = dma_fence_array_get_timeline_name,
	.enable_signaling = dma_fence_array_enable_signaling,
	.signaled = dma_fence_array_signaled,
	.release = dma_fence_array_release,
	.set_deadline = dma_fence_array_set_deadline,
};
EXPORT_SYMBOL(dma_fence_array_ops);

/**
 * dma_fence_array_create() - create a fence standing for a set of fences
 * @num_fences: number of entries in @fences
 * @fences: a kmalloc()ed array of fences
 * @context: the context of the new fence
 * @seqno: the seqno of the new fence
 * @signal_on_any: signal when any member signals instead of all
 *
 * On success the array owns @fences and the references it holds: they are
 * released with the array. On failure they stay with the caller. Members
 * may be arrays or chains themselves, see "DOC: nested fence arrays". An
 * empty array is a caller bug; it warns and returns an array that is
 * already signaled. May sleep.
 *
 * Return: the new array, or NULL if out of memory or @fences is NULL.
 */
struct dma_fence_array *dma_fence_array_create(int num_fences,
					       struct dma_fence **fences,
					       u64 context, unsigned int seqno,
					       bool signal_on_any)
{
	struct dma_fence_array *array;
	size_t size;

	if (WARN_ON(num_fences < 0 || (num_fences && !fences)))
		return NULL;

	size = sizeof(*array) +
	       (size_t)num_fences * sizeof(struct dma_fence_array_cb);
	array = kzalloc(size, GFP_KERNEL);
	if (!array)
		return NULL;

	spin_lock_init(&array->lock);
	dma_fence_init(&array->base, &dma_fence_array_ops, &array->lock,
		       context, seqno);
	init_irq_work(&array->work, dma_fence_array_work);

	array->num_fences = num_fences;
	array->fences = fences;
	atomic_set(&array->num_pending, num_fences);
	if (signal_on_any)
		set_bit(DMA_FENCE_ARRAY_FLAG_SIGNAL_ANY, &array->base.flags);
	array->base.error = DMA_FENCE_ARRAY_NO_ERROR_YET;

	if (WARN_ON(!num_fences)) {
		dma_fence_array_settle_error(array);
		dma_fence_signal(&array->base);
	}

	return array;
}
EXPORT_SYMBOL(dma_fence_array_create);

/**
 * dma_fence_match_context() - check whether fences belong to a context
 * @fence: a fence or an array
 * @context: the context to compare with
 *
 * Return: for an array, true if all its members are on @context; for any
 * other fence, true if it is on @context.
 */
bool dma_fence_match_context(struct dma_fence *fence, u64 context)
{
	struct dma_fence_array *array = to_dma_fence_array(fence);
	unsigned int i;

	if (!array)
		return fence->context == context;

	for (i = 0; i < array->num_fences; i++) {
		if (array->fences[i]->context != context)
			return false;
	}

	return true;
}
EXPORT_SYMBOL(dma_fence_match_context);

/**
 * dma_fence_array_first() - start iterating over an array's members
 * @head: an array, any other fence, or NULL
 *
 * Return: the first member of an array (NULL if it is empty), @head itself
 * if it is not an array, NULL if @head is NULL.
 */
struct dma_fence *dma_fence_array_first(struct dma_fence *head)
{
	struct dma_fence_array *array;

	if (!head)
		return NULL;

	array = to_dma_fence_array(head);
	if (!array)
		return head;

	return array->num_fences ? array->fences[0] : NULL;
}
EXPORT_SYMBOL(dma_fence_array_first);

/**
 * dma_fence_array_next() - continue iterating over an array's members
 * @head: the fence passed to dma_fence_array_first()
 * @index: the index of the member to return
 *
 * Return: member @index of @head, or NULL past the end or if @head is not
 * an array.
 */
struct dma_fence *dma_fence_array_next(struct dma_fence *head,
				       unsigned int index)
{
	struct dma_fence_array *array = to_dma_fence_array(head);

	if (!array || index >= array->num_fences)
		return NULL;

	return array->fences[index];
}
EXPORT_SYMBOL(dma_fence_array_next);
