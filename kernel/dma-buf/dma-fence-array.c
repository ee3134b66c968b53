// SPDX-License-Identifier: GPL-2.0-only
/*
 * dma-fence-array: a fence that signals once all of its member fences have
 * signaled, or once any one of them has, carrying the first member error.
 */

#include <linux/dma-fence-array.h>
#include <linux/export.h>
#include <linux/refcount.h>
#include <linux/slab.h>

#include "dma-fence-array-vec.h"

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

/**
 * DOC: shared member vectors
 *
 * Arrays made by dma_fence_unwrap_merge() keep their members in a
 * &struct dma_fence_array_vec: a pointer array with room to spare, a count
 * of the slots in use and a reference count. The vector, not the array,
 * holds the references to the members; every array using it holds one
 * reference to the vector.
 *
 * Merging one more fence into such an array, the common way of collecting
 * dependencies one at a time, does not copy the members: if the new fence
 * belongs after the last member (a later context) and the slot after the
 * array's last member is free, the merge claims that slot with a cmpxchg()
 * on &dma_fence_array_vec.used and makes a new array over the same vector,
 * one member longer. The older array still sees only its own prefix. Slots
 * are written once, before any array that covers them exists, and never
 * change, so readers need no lock. When the vector is full, or another
 * merge took the slot first, the members are copied into a new vector with
 * twice the room, so collecting N fences costs O(N) copies in total
 * instead of O(N^2).
 *
 * The first array over a vector is allocated together with it, so a merge
 * costs a single allocation (Linux's costs two: the pointer array and the
 * array with one callback per member); the allocation is freed with the
 * vector.
 *
 * Such an array also waits differently: instead of one callback per
 * member, allocated (and, with init_on_alloc, cleared) at every merge, it
 * has a single callback, armed on the first member that has not signaled;
 * when it fires, the irq_work arms it on the next one, skipping members
 * that signaled meanwhile. All members are still waited for, each passed
 * once, and @num_pending counts the members not passed yet. The error the
 * array takes is the first in member order rather than in time.
 */
struct dma_fence_array_vec {
	refcount_t refcount;
	atomic_t used;
	unsigned int capacity;
	bool host_is_fence;
	struct dma_fence_array *host;
	struct dma_fence *fences[];
};

/* Set in &dma_fence.flags of arrays whose members are in a shared vector. */
#define DMA_FENCE_ARRAY_FLAG_SHARED	(DMA_FENCE_FLAG_USER_BITS + 1)

static struct dma_fence_array_vec *dma_fence_array_to_vec(struct dma_fence **fences)
{
	return (struct dma_fence_array_vec *)
		((char *)fences - offsetof(struct dma_fence_array_vec, fences));
}

/**
 * dma_fence_array_vec_alloc() - room for the members of a merged array
 * @capacity: how many members the vector can hold, at least 1
 *
 * One allocation holds a merged array (its &struct dma_fence_array and
 * its one callback) and, after it, the vector: a merge costs one
 * allocation besides its sync file. The array, the vector's "host", is set
 * up only by dma_fence_array_vec_create(); the allocation is freed with the
 * vector, when no array uses it any more (so a released host stays in
 * memory while later arrays share its vector).
 *
 * The caller fills the slots and passes them to
 * dma_fence_array_vec_create(), or drops them with
 * dma_fence_array_vec_free().
 *
 * Return: the slots, or NULL if out of memory.
 */
struct dma_fence **dma_fence_array_vec_alloc(unsigned int capacity)
{
	struct dma_fence_array_vec *vec;
	struct dma_fence_array *host;
	size_t size;

	size = sizeof(*host) + sizeof(struct dma_fence_array_cb) +
	       struct_size(vec, fences, capacity);
	host = kmalloc(size, GFP_KERNEL);
	if (!host)
		return NULL;

	vec = (struct dma_fence_array_vec *)
		((char *)(host + 1) + sizeof(struct dma_fence_array_cb));
	refcount_set(&vec->refcount, 1);
	atomic_set(&vec->used, 0);
	vec->capacity = capacity;
	vec->host_is_fence = false;
	vec->host = host;
	return vec->fences;
}

/**
 * dma_fence_array_vec_free() - drop a vector and its allocation
 * @fences: the slots from dma_fence_array_vec_alloc()
 * @count: how many slots hold a reference to drop
 *
 * For a vector no array uses (any more).
 */
void dma_fence_array_vec_free(struct dma_fence **fences, unsigned int count)
{
	struct dma_fence_array_vec *vec = dma_fence_array_to_vec(fences);
	unsigned int i;

	for (i = 0; i < count; i++)
		dma_fence_put(fences[i]);

	/* A host that was a fence may still be seen by RCU readers. */
	if (vec->host_is_fence)
		dma_fence_free(&vec->host->base);
	else
		kfree(vec->host);
}

static void dma_fence_array_vec_put(struct dma_fence **fences)
{
	struct dma_fence_array_vec *vec = dma_fence_array_to_vec(fences);

	if (refcount_dec_and_test(&vec->refcount))
		dma_fence_array_vec_free(fences, atomic_read(&vec->used));
}

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

static bool dma_fence_array_seq_arm(struct dma_fence_array *array);

static void dma_fence_array_work(struct irq_work *work)
{
	struct dma_fence_array *array =
		container_of(work, struct dma_fence_array, work);

	/*
	 * A merged array waits for one member at a time: arm the next. The
	 * new callback holds a reference of its own, so ours is not the last.
	 */
	if (test_bit(DMA_FENCE_ARRAY_FLAG_SHARED, &array->base.flags) &&
	    dma_fence_array_seq_arm(array)) {
		dma_fence_put(&array->base);
		return;
	}

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

/*
 * Callback of a merged array on the member it waits for: count it, and let
 * the irq_work, with the callback's reference, move on to the next member
 * (adding a callback from here would nest two members' locks).
 */
static void dma_fence_array_seq_cb(struct dma_fence *member,
				   struct dma_fence_cb *cb)
{
	struct dma_fence_array *array =
		container_of(cb, struct dma_fence_array_cb, cb)->array;

	dma_fence_array_note_error(array, member->error);
	atomic_dec(&array->num_pending);
	irq_work_queue(&array->work);
}

/*
 * Arm the callback of a merged array on its first pending member; members
 * are taken in order and @num_pending counts those not passed yet. Returns
 * false if every member has signaled. The caller holds a reference to the
 * array, and nothing else arms or counts while it runs: enable_signaling()
 * runs once, and the irq_work only after a callback fired.
 */
static bool dma_fence_array_seq_arm(struct dma_fence_array *array)
{
	struct dma_fence_array_cb *cb = dma_fence_array_callbacks(array);
	struct dma_fence *member;
	int pending;

	while ((pending = atomic_read(&array->num_pending)) > 0) {
		member = array->fences[array->num_fences - pending];
		dma_fence_get(&array->base);
		if (!dma_fence_add_callback(member, &cb->cb,
					    dma_fence_array_seq_cb))
			return true;

		/* Signaled already; never the last reference, see above. */
		dma_fence_array_note_error(array, member->error);
		dma_fence_put(&array->base);
		atomic_dec(&array->num_pending);
	}

	return false;
}

static bool dma_fence_array_enable_signaling(struct dma_fence *fence)
{
	struct dma_fence_array *array = to_dma_fence_array(fence);
	struct dma_fence_array_cb *cb = dma_fence_array_callbacks(array);
	struct dma_fence *member;
	unsigned int i;

	if (test_bit(DMA_FENCE_ARRAY_FLAG_SHARED, &fence->flags)) {
		if (dma_fence_array_seq_arm(array))
			return true;
		dma_fence_array_settle_error(array);
		return false;
	}

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

	if (test_bit(DMA_FENCE_ARRAY_FLAG_SHARED, &fence->flags)) {
		bool host = dma_fence_array_to_vec(array->fences)->host == array;

		/* The host's memory goes with its vector. */
		dma_fence_array_vec_put(array->fences);
		if (host)
			return;
	} else {
		for (i = 0; i < array->num_fences; i++)
			dma_fence_put(array->fences[i]);
		kfree(array->fences);
	}
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

/*
 * A pending array over @fences. The callback slots after the structure are
 * left uninitialized: enable_signaling() sets up each one it uses, and
 * zeroing them would cost a pass over memory proportional to the members.
 */
static void dma_fence_array_init(struct dma_fence_array *array,
				 unsigned int num_fences,
				 struct dma_fence **fences, u64 context,
				 unsigned int seqno)
{
	memset(array, 0, sizeof(*array));
	spin_lock_init(&array->lock);
	dma_fence_init(&array->base, &dma_fence_array_ops, &array->lock,
		       context, seqno);
	init_irq_work(&array->work, dma_fence_array_work);

	array->num_fences = num_fences;
	array->fences = fences;
	atomic_set(&array->num_pending, num_fences);
	array->base.error = DMA_FENCE_ARRAY_NO_ERROR_YET;
}

static struct dma_fence_array *dma_fence_array_alloc(unsigned int num_fences,
						     struct dma_fence **fences,
						     u64 context,
						     unsigned int seqno,
						     unsigned int num_cbs)
{
	struct dma_fence_array *array;
	size_t size;

	size = sizeof(*array) +
	       (size_t)num_cbs * sizeof(struct dma_fence_array_cb);
	array = kmalloc(size, GFP_KERNEL);
	if (array)
		dma_fence_array_init(array, num_fences, fences, context, seqno);
	return array;
}

/**
 * dma_fence_array_vec_create() - a merged array over a filled vector
 * @fences: the slots from dma_fence_array_vec_alloc(), the first @count
 *	holding a reference each
 * @count: the number of members, at least 2
 * @context: the context of the new array (seqno 1)
 *
 * Sets up the array allocated with the vector; it takes over @fences and
 * the references in it. Cannot fail.
 *
 * Return: the new array.
 */
struct dma_fence *dma_fence_array_vec_create(struct dma_fence **fences,
					     unsigned int count, u64 context)
{
	struct dma_fence_array_vec *vec = dma_fence_array_to_vec(fences);
	struct dma_fence_array *array = vec->host;

	atomic_set(&vec->used, count);
	dma_fence_array_init(array, count, fences, context, 1);
	dma_fence_array_callbacks(array)->array = array;
	set_bit(DMA_FENCE_ARRAY_FLAG_SHARED, &array->base.flags);
	vec->host_is_fence = true;
	return &array->base;
}

/*
 * A new array over @vec's first @count members, on a new context; takes a
 * reference to @vec if it succeeds.
 */
static struct dma_fence *dma_fence_array_vec_share(struct dma_fence **fences,
						   unsigned int count)
{
	struct dma_fence_array *array;

	array = dma_fence_array_alloc(count, fences,
				      dma_fence_context_alloc(1), 1, 1);
	if (!array)
		return NULL;

	refcount_inc(&dma_fence_array_to_vec(fences)->refcount);
	dma_fence_array_callbacks(array)->array = array;
	set_bit(DMA_FENCE_ARRAY_FLAG_SHARED, &array->base.flags);
	return &array->base;
}

/**
 * dma_fence_array_try_append() - merge one fence into a merged array
 * @head: a fence, maybe an array made by dma_fence_array_vec_create()
 * @fence: a fence that is neither an array nor a chain
 *
 * The fast path of dma_fence_unwrap_merge() for the pattern "merge one
 * more fence into what I have", see "DOC: shared member vectors". It
 * applies when @head is such an array with every member pending, and
 * @fence is pending and on a later context than the last member. Then the
 * result is what a full merge would return, a new array of the members
 * and @fence, in O(1) when the slot after @head's members is free (with
 * amortized O(n) copies when it is not). The pass that checks the members
 * only reads their flags.
 *
 * Return: the new array with a reference, or NULL if the fast path does
 * not apply or memory ran out; the caller then merges the slow way.
 */
struct dma_fence *dma_fence_array_try_append(struct dma_fence *head,
					     struct dma_fence *fence)
{
	struct dma_fence_array *array = to_dma_fence_array(head);
	struct dma_fence_array_vec *vec;
	struct dma_fence **fences;
	unsigned int i, n;

	if (!array || !test_bit(DMA_FENCE_ARRAY_FLAG_SHARED, &head->flags))
		return NULL;

	n = array->num_fences;
	if (fence->context <= array->fences[n - 1]->context ||
	    dma_fence_is_signaled(fence))
		return NULL;
	for (i = 0; i < n; i++) {
		if (dma_fence_is_signaled(array->fences[i]))
			return NULL;
	}

	vec = dma_fence_array_to_vec(array->fences);
	if (n < vec->capacity && atomic_cmpxchg(&vec->used, n, n + 1) == (int)n) {
		/*
		 * The slot is ours; nothing else ever reads or writes it
		 * until an array covering it exists. If the array cannot be
		 * made, the reference stays in the slot until the vector
		 * goes.
		 */
		array->fences[n] = dma_fence_get(fence);
		return dma_fence_array_vec_share(array->fences, n + 1);
	}

	/* Full, or another merge appended to @head already: copy. */
	fences = dma_fence_array_vec_alloc(2 * (n + 1));
	if (!fences)
		return NULL;
	for (i = 0; i < n; i++)
		fences[i] = dma_fence_get(array->fences[i]);
	fences[n] = dma_fence_get(fence);
	return dma_fence_array_vec_create(fences, n + 1,
					  dma_fence_context_alloc(1));
}

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

	if (WARN_ON(num_fences < 0 || (num_fences && !fences)))
		return NULL;

	array = dma_fence_array_alloc(num_fences, fences, context, seqno,
				      num_fences);
	if (!array)
		return NULL;

	if (signal_on_any)
		set_bit(DMA_FENCE_ARRAY_FLAG_SIGNAL_ANY, &array->base.flags);

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
