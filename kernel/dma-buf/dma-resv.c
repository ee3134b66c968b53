// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reservation objects: a set of fences, each tagged with a usage class, kept
 * for a shared resource and updated under a wound/wait mutex while readers
 * walk it under RCU.
 */

#include <linux/dma-fence-array.h>
#include <linux/dma-resv.h>
#include <linux/export.h>
#include <linux/overflow.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

/**
 * DOC: Reservation Object Overview
 *
 * A reservation object (&struct dma_resv) collects the fences of every
 * operation that may still be using a resource, typically a &struct dma_buf.
 * Each fence is stored with an &enum dma_resv_usage saying how that operation
 * uses the resource; queries name the highest class they care about and get
 * the fences of that class and every lower one.
 *
 * The set only ever holds one entry per fence context and class direction:
 * a newer fence of the same context replaces an older one when its class is
 * the same or lower (stronger), so a timeline that keeps submitting work does
 * not grow the set. Signaled fences are dropped lazily, their slots reused.
 */

/**
 * DOC: Reservation Object Locking
 *
 * Writers hold &dma_resv.lock, a wound/wait mutex of &reservation_ww_class,
 * so a driver can lock many objects in any order under one
 * &struct ww_acquire_ctx and back off on -EDEADLK. Every update function
 * (dma_resv_reserve_fences(), dma_resv_add_fence(), dma_resv_replace_fences(),
 * dma_resv_copy_fences() on its destination) requires the lock.
 *
 * Because adding a fence typically happens after the point of no return of a
 * submission, dma_resv_add_fence() cannot fail: the caller reserves slots
 * first with dma_resv_reserve_fences(), under the same lock hold. Adding more
 * fences than reserved is a driver bug and WARNs; the fence is still added if
 * the table has room, and dropped (its reference returned) otherwise.
 *
 * Readers need no lock. The fence table is published with RCU and never
 * shrinks in place: it is replaced as a whole when it grows or is copied, and
 * otherwise only gains entries at its end or has an entry swapped for
 * another. An entry holds the fence pointer with the usage class in its low
 * bits, so one load gives a consistent pair. The unlocked iterator takes a
 * reference to each fence it returns before dropping the RCU read lock (one
 * already seen signaled it skips without one) and restarts from the
 * beginning whenever the table it walks has been replaced.
 */

DEFINE_WD_CLASS(reservation_ww_class);
EXPORT_SYMBOL(reservation_ww_class);

/* The usage class lives in the low bits of each table entry. */
#define DMA_RESV_USAGE_MASK	0x3UL

/* Smallest table worth allocating. */
#define DMA_RESV_LIST_MIN	4U

/*
 * struct dma_resv_list - one published fence table
 * @rcu: frees the table after a grace period
 * @generation: stamp from &dma_resv.generation, fixed once published
 * @num_fences: entries in use; only grows while published, release-stored
 * @max_fences: entries the lock holder may fill: @num_fences plus reserved
 * @size: entries allocated
 * @table: tagged fence pointers, see dma_resv_entry_set()
 *
 * Readers only look at @generation, @num_fences and @table[0..@num_fences).
 */
struct dma_resv_list {
	struct rcu_head rcu;
	u32 generation;
	u32 num_fences;
	u32 max_fences;
	u32 size;
	struct dma_fence __rcu *table[];
};

static inline struct dma_fence *dma_resv_tag(struct dma_fence *fence,
					     enum dma_resv_usage usage)
{
	return (struct dma_fence *)((unsigned long)fence | usage);
}

static inline struct dma_fence *dma_resv_untag(struct dma_fence *entry,
					       enum dma_resv_usage *usage)
{
	unsigned long v = (unsigned long)entry;

	if (usage)
		*usage = v & DMA_RESV_USAGE_MASK;
	return (struct dma_fence *)(v & ~DMA_RESV_USAGE_MASK);
}

/* Read entry @i of a table published in (or private to) @obj. */
static struct dma_fence *dma_resv_entry(struct dma_resv_list *list,
					unsigned int i, struct dma_resv *obj,
					enum dma_resv_usage *usage)
{
	struct dma_fence *entry;

	entry = rcu_dereference_check(list->table[i],
				      obj ? dma_resv_held(obj) : true);
	return dma_resv_untag(entry, usage);
}

/* Publish @fence with @usage in entry @i; the reference moves to the table. */
static void dma_resv_entry_set(struct dma_resv_list *list, unsigned int i,
			       struct dma_fence *fence,
			       enum dma_resv_usage usage)
{
	rcu_assign_pointer(list->table[i], dma_resv_tag(fence, usage));
}

/* Entries a reader may look at, sampled once per (re)start. */
static unsigned int dma_resv_list_count(struct dma_resv_list *list)
{
	/* Pairs with dma_resv_add_fence(): entries below the count are set. */
	return list ? smp_load_acquire(&list->num_fences) : 0;
}

static struct dma_resv_list *dma_resv_list_alloc(unsigned int size)
{
	struct dma_resv_list *list;

	list = kmalloc(struct_size(list, table, size), GFP_KERNEL);
	if (!list)
		return NULL;

	list->generation = 0;
	list->num_fences = 0;
	list->max_fences = 0;
	list->size = size;
	return list;
}

/* Drop the table's fence references and free it after a grace period. */
static void dma_resv_list_free(struct dma_resv_list *list)
{
	unsigned int i;

	if (!list)
		return;

	for (i = 0; i < list->num_fences; i++)
		dma_fence_put(dma_resv_entry(list, i, NULL, NULL));
	kfree_rcu(list, rcu);
}

/* The current table; callers hold the lock or the RCU read lock. */
static inline struct dma_resv_list *dma_resv_fences_list(struct dma_resv *obj)
{
	return rcu_dereference_check(obj->fences, dma_resv_held(obj));
}

/* Publish @list as the table of @obj and return the one it replaces. */
static struct dma_resv_list *dma_resv_publish(struct dma_resv *obj,
					      struct dma_resv_list *list)
{
	if (list)
		list->generation = obj->generation++;
	return rcu_replace_pointer(obj->fences, list, dma_resv_held(obj));
}

/**
 * dma_resv_init() - initialise a reservation object
 * @obj: the object
 *
 * The object starts unlocked and without fences.
 */
void dma_resv_init(struct dma_resv *obj)
{
	ww_mutex_init(&obj->lock, &reservation_ww_class);
	RCU_INIT_POINTER(obj->fences, NULL);
	obj->generation = 0;
}
EXPORT_SYMBOL(dma_resv_init);

/**
 * dma_resv_fini() - tear down a reservation object
 * @obj: the object, unlocked and no longer reachable by anyone
 *
 * Drops the references to all fences still held.
 */
void dma_resv_fini(struct dma_resv *obj)
{
	dma_resv_list_free(rcu_dereference_protected(obj->fences, true));
	RCU_INIT_POINTER(obj->fences, NULL);
	ww_mutex_destroy(&obj->lock);
}
EXPORT_SYMBOL(dma_resv_fini);

/*
 * Move the unsignaled entries of @old to the front of @new. The references of
 * signaled fences are parked, untagged, at the end of @new so that they can
 * be dropped once @new is published; the count parked is returned.
 */
static unsigned int dma_resv_list_compact(struct dma_resv_list *new,
					  struct dma_resv_list *old,
					  struct dma_resv *obj)
{
	unsigned int i, kept = 0, parked = 0;

	for (i = 0; old && i < old->num_fences; i++) {
		enum dma_resv_usage usage;
		struct dma_fence *fence;

		fence = dma_resv_entry(old, i, obj, &usage);
		if (dma_fence_is_signaled(fence))
			RCU_INIT_POINTER(new->table[new->size - ++parked],
					 fence);
		else
			dma_resv_entry_set(new, kept++, fence, usage);
	}
	new->num_fences = kept;
	return parked;
}

/**
 * dma_resv_reserve_fences() - make room for fences about to be added
 * @obj: the object, locked by the caller
 * @num_fences: how many more fences the caller will add
 *
 * Guarantees that the next @num_fences calls to dma_resv_add_fence() under
 * this lock hold find a free slot. Calls do not add up: the largest
 * reservation counts. Reservations are only valid until dma_resv_unlock()
 * (enforced with CONFIG_DEBUG_MUTEXES). A larger table is allocated when
 * needed, at least twice the size of the old one, and signaled fences are
 * dropped while moving over.
 *
 * Return: 0 on success, -ENOMEM if the table could not be grown.
 */
int dma_resv_reserve_fences(struct dma_resv *obj, unsigned int num_fences)
{
	struct dma_resv_list *old, *new;
	unsigned int need, reserved, size, parked, i;

	dma_resv_assert_held(obj);

	old = dma_resv_fences_list(obj);
	if (check_add_overflow(old ? old->num_fences : 0, num_fences, &need))
		return -ENOMEM;
	if (!num_fences)
		return 0;

	if (old && need <= old->size) {
		old->max_fences = max(old->max_fences, need);
		return 0;
	}

	size = max3(need, old ? 2 * old->size : 0, DMA_RESV_LIST_MIN);
	new = dma_resv_list_alloc(size);
	if (!new)
		return -ENOMEM;

	reserved = num_fences;
	if (old)
		reserved = max(reserved, old->max_fences - old->num_fences);
	parked = dma_resv_list_compact(new, old, obj);
	new->max_fences = new->num_fences + reserved;

	/*
	 * Readers of the old table see the same unsignaled fences as readers
	 * of the new one, and the old table stays readable for a grace period;
	 * its references now belong to the new table or are parked.
	 */
	dma_resv_publish(obj, new);
	for (i = new->size - parked; i < new->size; i++)
		dma_fence_put(rcu_dereference_protected(new->table[i], true));
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}
EXPORT_SYMBOL(dma_resv_reserve_fences);

#ifdef CONFIG_DEBUG_MUTEXES
/**
 * dma_resv_reset_max_fences() - forget all reservations
 * @obj: the object, locked by the caller
 *
 * Called at unlock when mutex debugging is enabled, so that a driver that
 * reserves in one lock hold and adds in another trips the check in
 * dma_resv_add_fence().
 */
void dma_resv_reset_max_fences(struct dma_resv *obj)
{
	struct dma_resv_list *list = dma_resv_fences_list(obj);

	dma_resv_assert_held(obj);
	if (list)
		list->max_fences = list->num_fences;
}
EXPORT_SYMBOL(dma_resv_reset_max_fences);
#endif

/*
 * May @fence with @usage take the place of @old (with @old_usage)? Yes when
 * @old is done, or when both come from the same context, @fence is not older
 * and @old's class is not stronger than @fence's: waiting for @fence then
 * implies waiting for @old.
 */
static bool dma_resv_replaces(struct dma_fence *fence,
			      enum dma_resv_usage usage,
			      struct dma_fence *old,
			      enum dma_resv_usage old_usage)
{
	if (old->context == fence->context && old_usage >= usage &&
	    dma_fence_is_later_or_same(fence, old))
		return true;
	return dma_fence_is_signaled(old);
}

/**
 * dma_resv_add_fence() - add a fence to a reservation object
 * @obj: the object, locked by the caller
 * @fence: the fence; the object takes its own reference
 * @usage: how the operation behind @fence uses the resource
 *
 * An entry of the same context that @fence supersedes (see DOC: Reservation
 * Object Overview), or an entry whose fence has signaled, is overwritten;
 * otherwise @fence takes a slot reserved with dma_resv_reserve_fences().
 * Containers (arrays, chains) must not be added: add their fences instead.
 *
 * Adding without a reservation is a bug and WARNs. The fence is still stored
 * if the table happens to have room; without room it is not stored at all.
 */
void dma_resv_add_fence(struct dma_resv *obj, struct dma_fence *fence,
			enum dma_resv_usage usage)
{
	struct dma_resv_list *list;
	unsigned int i, count;

	dma_resv_assert_held(obj);
	WARN_ON(dma_fence_is_container(fence));

	list = dma_resv_fences_list(obj);
	count = list ? list->num_fences : 0;
	for (i = 0; i < count; i++) {
		enum dma_resv_usage old_usage;
		struct dma_fence *old;

		old = dma_resv_entry(list, i, obj, &old_usage);
		if (dma_resv_replaces(fence, usage, old, old_usage)) {
			dma_resv_entry_set(list, i, dma_fence_get(fence),
					   usage);
			dma_fence_put(old);
			return;
		}
	}

	if (WARN(!list || count >= list->size,
		 "dma_resv: no slot reserved, fence %llu:%llu dropped\n",
		 fence->context, fence->seqno))
		return;
	WARN_ON(count >= list->max_fences);

	dma_resv_entry_set(list, count, dma_fence_get(fence), usage);
	/* Publish the entry before the count; see dma_resv_list_count(). */
	smp_store_release(&list->num_fences, count + 1);
	list->max_fences = max(list->max_fences, count + 1);
}
EXPORT_SYMBOL(dma_resv_add_fence);

/**
 * dma_resv_replace_fences() - replace every fence of a context
 * @obj: the object, locked by the caller
 * @context: the context whose fences go
 * @replacement: the fence taking their places; referenced once per entry
 * @usage: the class of @replacement
 *
 * Only valid when the operations of the replaced fences can no longer access
 * the resource once @replacement has signaled; for example a preemption fence
 * replaced by the page table update that makes the resource unreachable.
 * Needs no reservation.
 */
void dma_resv_replace_fences(struct dma_resv *obj, uint64_t context,
			     struct dma_fence *replacement,
			     enum dma_resv_usage usage)
{
	struct dma_resv_list *list;
	unsigned int i;

	dma_resv_assert_held(obj);

	list = dma_resv_fences_list(obj);
	for (i = 0; list && i < list->num_fences; i++) {
		struct dma_fence *old = dma_resv_entry(list, i, obj, NULL);

		if (old->context != context)
			continue;
		dma_resv_entry_set(list, i, dma_fence_get(replacement), usage);
		dma_fence_put(old);
	}
}
EXPORT_SYMBOL(dma_resv_replace_fences);

/* Start over on the current table. Called under the RCU read lock. */
static void dma_resv_iter_restart_unlocked(struct dma_resv_iter *cursor)
{
	cursor->fences = dma_resv_fences_list(cursor->obj);
	cursor->generation = cursor->fences ? cursor->fences->generation : 0;
	cursor->num_fences = dma_resv_list_count(cursor->fences);
	cursor->index = 0;
	cursor->is_restarted = true;
}

/* Has the table been replaced since the cursor (re)started? */
static bool dma_resv_iter_is_stale(struct dma_resv_iter *cursor)
{
	struct dma_resv_list *list = dma_resv_fences_list(cursor->obj);

	return list != cursor->fences ||
	       (list && list->generation != cursor->generation);
}

/*
 * Advance to the next unsignaled fence of a wanted class and reference it,
 * dropping the reference to the previous one. A fence whose last reference
 * is already gone has been removed from the object: start over. Called under
 * the RCU read lock.
 */
static __always_inline void
dma_resv_iter_walk_unlocked(struct dma_resv_iter *cursor)
{
	struct dma_fence *fence;
	enum dma_resv_usage usage;

	for (;;) {
		dma_fence_put(cursor->fence);
		cursor->fence = NULL;
		if (cursor->index >= cursor->num_fences)
			return;

		fence = dma_resv_entry(cursor->fences, cursor->index++,
				       NULL, &usage);
		/*
		 * A fence seen signaled needs no reference: the bit never
		 * clears, and the memory stays valid under the RCU read lock.
		 */
		if (usage > cursor->usage ||
		    test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags))
			continue;

		cursor->fence = dma_fence_get_rcu(fence);
		if (!cursor->fence) {
			dma_resv_iter_restart_unlocked(cursor);
			continue;
		}
		cursor->fence_usage = usage;
		if (!dma_fence_is_signaled(cursor->fence))
			return;
	}
}

/**
 * dma_resv_iter_first_unlocked() - first fence of an unlocked walk
 * @cursor: a cursor set up with dma_resv_iter_begin()
 *
 * Continue with dma_resv_iter_next_unlocked(). The walk returns only
 * unsignaled fences and holds a reference to the current one; it may restart,
 * see dma_resv_iter_is_restarted().
 *
 * Return: the first unsignaled fence of a wanted class, or NULL if none.
 */
struct dma_fence *dma_resv_iter_first_unlocked(struct dma_resv_iter *cursor)
{
	rcu_read_lock();
	do {
		dma_resv_iter_restart_unlocked(cursor);
		dma_resv_iter_walk_unlocked(cursor);
	} while (dma_resv_iter_is_stale(cursor));
	rcu_read_unlock();

	return cursor->fence;
}
EXPORT_SYMBOL(dma_resv_iter_first_unlocked);

/**
 * dma_resv_iter_next_unlocked() - next fence of an unlocked walk
 * @cursor: the cursor
 *
 * If the fence table was replaced since the previous step the walk restarts
 * from the beginning of the new table and dma_resv_iter_is_restarted() says
 * so.
 *
 * Return: the next unsignaled fence of a wanted class, or NULL at the end.
 */
struct dma_fence *dma_resv_iter_next_unlocked(struct dma_resv_iter *cursor)
{
	bool restart;

	rcu_read_lock();
	cursor->is_restarted = false;
	restart = dma_resv_iter_is_stale(cursor);
	do {
		if (restart)
			dma_resv_iter_restart_unlocked(cursor);
		dma_resv_iter_walk_unlocked(cursor);
		restart = true;
	} while (dma_resv_iter_is_stale(cursor));
	rcu_read_unlock();

	return cursor->fence;
}
EXPORT_SYMBOL(dma_resv_iter_next_unlocked);

/* The next fence of a wanted class in a locked walk, or NULL at the end. */
static __always_inline struct dma_fence *
dma_resv_iter_walk(struct dma_resv_iter *cursor)
{
	struct dma_resv_list *list = cursor->fences;
	struct dma_fence *fence;

	/* The count is read each time: the walker may add fences. */
	while (list && cursor->index < list->num_fences) {
		fence = dma_resv_entry(list, cursor->index++, cursor->obj,
				       &cursor->fence_usage);
		if (cursor->fence_usage <= cursor->usage)
			return fence;
	}
	return NULL;
}

/**
 * dma_resv_iter_first() - first fence of a locked walk
 * @cursor: a cursor set up with dma_resv_iter_begin(); the object is locked
 *
 * Return: the first fence of a wanted class, signaled or not, or NULL. No
 * reference is taken.
 */
struct dma_fence *dma_resv_iter_first(struct dma_resv_iter *cursor)
{
	dma_resv_assert_held(cursor->obj);

	cursor->fences = dma_resv_fences_list(cursor->obj);
	cursor->index = 0;
	cursor->is_restarted = true;
	return dma_resv_iter_walk(cursor);
}
EXPORT_SYMBOL(dma_resv_iter_first);

/**
 * dma_resv_iter_next() - next fence of a locked walk
 * @cursor: the cursor; the object is still locked
 *
 * Return: the next fence of a wanted class, or NULL at the end.
 */
struct dma_fence *dma_resv_iter_next(struct dma_resv_iter *cursor)
{
	dma_resv_assert_held(cursor->obj);

	cursor->is_restarted = false;
	return dma_resv_iter_walk(cursor);
}
EXPORT_SYMBOL(dma_resv_iter_next);

/**
 * dma_resv_copy_fences() - make one object's fences those of another
 * @dst: the destination, locked by the caller
 * @src: the source; need not be locked
 *
 * Replaces all fences of @dst with the unsignaled fences of @src, keeping
 * their usage classes. Reservations on @dst are lost.
 *
 * Return: 0 on success, -ENOMEM on allocation failure (@dst is unchanged).
 */
int dma_resv_copy_fences(struct dma_resv *dst, struct dma_resv *src)
{
	struct dma_resv_list *list = NULL;
	struct dma_resv_iter cursor;
	struct dma_fence *fence;

	dma_resv_assert_held(dst);

	dma_resv_iter_begin(&cursor, src, DMA_RESV_USAGE_BOOKKEEP);
	dma_resv_for_each_fence_unlocked(&cursor, fence) {
		if (dma_resv_iter_is_restarted(&cursor)) {
			dma_resv_list_free(list);
			list = dma_resv_list_alloc(cursor.num_fences);
			if (!list) {
				dma_resv_iter_end(&cursor);
				return -ENOMEM;
			}
		}
		dma_resv_entry_set(list, list->num_fences++,
				   dma_fence_get(fence),
				   dma_resv_iter_usage(&cursor));
	}
	dma_resv_iter_end(&cursor);

	if (list)
		list->max_fences = list->num_fences;
	dma_resv_list_free(dma_resv_publish(dst, list));
	return 0;
}
EXPORT_SYMBOL(dma_resv_copy_fences);

/* Drop @count references from @fences and free the array. */
static void dma_resv_put_fences(struct dma_fence **fences, unsigned int count)
{
	while (count)
		dma_fence_put(fences[--count]);
	kfree(fences);
}

/**
 * dma_resv_get_fences() - take references to an object's fences
 * @obj: the object; need not be locked
 * @usage: the highest usage class to include
 * @num_fences: returns the number of fences
 * @fences: returns a kmalloc'ed array of referenced fences, or NULL if there
 *	are none; the caller puts each fence and kfree()s the array
 *
 * Only unsignaled fences are returned.
 *
 * Return: 0 on success, -ENOMEM on allocation failure (nothing is returned).
 */
int dma_resv_get_fences(struct dma_resv *obj, enum dma_resv_usage usage,
			unsigned int *num_fences, struct dma_fence ***fences)
{
	struct dma_fence **array = NULL;
	struct dma_resv_iter cursor;
	struct dma_fence *fence;
	unsigned int count = 0;

	dma_resv_iter_begin(&cursor, obj, usage);
	dma_resv_for_each_fence_unlocked(&cursor, fence) {
		if (dma_resv_iter_is_restarted(&cursor)) {
			dma_resv_put_fences(array, count);
			count = 0;
			array = kmalloc_array(cursor.num_fences,
					      sizeof(*array), GFP_KERNEL);
			if (!array) {
				dma_resv_iter_end(&cursor);
				*num_fences = 0;
				*fences = NULL;
				return -ENOMEM;
			}
		}
		array[count++] = dma_fence_get(fence);
	}
	dma_resv_iter_end(&cursor);

	*num_fences = count;
	*fences = array;
	return 0;
}
EXPORT_SYMBOL(dma_resv_get_fences);

/**
 * dma_resv_get_singleton() - one fence standing for an object's fences
 * @obj: the object; need not be locked
 * @usage: the highest usage class to include
 * @fence: returns NULL if no fence is pending, the fence itself if one is, or
 *	else a &struct dma_fence_array (on a context of its own) that signals
 *	when all of them have; a reference the caller must put
 *
 * Do not add the result back to @obj: arrays are containers.
 *
 * Return: 0 on success, -ENOMEM on allocation failure.
 */
int dma_resv_get_singleton(struct dma_resv *obj, enum dma_resv_usage usage,
			   struct dma_fence **fence)
{
	struct dma_fence *first = NULL, *f;
	struct dma_fence_array *array;
	struct dma_resv_iter cursor;
	struct dma_fence **fences;
	unsigned int count;
	int ret;

	/*
	 * Most objects have at most one pending fence of the class: find
	 * that out with one walk and no array to allocate and free. A second
	 * fence sends us to the general path, which walks again.
	 */
	dma_resv_iter_begin(&cursor, obj, usage);
	dma_resv_for_each_fence_unlocked(&cursor, f) {
		if (dma_resv_iter_is_restarted(&cursor)) {
			dma_fence_put(first);
			first = NULL;
		}
		if (first)
			break;
		first = dma_fence_get(f);
	}
	dma_resv_iter_end(&cursor);
	if (!f) {
		*fence = first;
		return 0;
	}
	dma_fence_put(first);

	ret = dma_resv_get_fences(obj, usage, &count, &fences);
	if (ret)
		return ret;

	if (count <= 1) {
		*fence = count ? fences[0] : NULL;
		kfree(fences);
		return 0;
	}

	array = dma_fence_array_create(count, fences,
				       dma_fence_context_alloc(1), 1, false);
	if (!array) {
		dma_resv_put_fences(fences, count);
		return -ENOMEM;
	}
	*fence = &array->base;
	return 0;
}
EXPORT_SYMBOL(dma_resv_get_singleton);

/**
 * dma_resv_wait_timeout() - wait for an object's fences
 * @obj: the object; the caller may or may not hold its lock
 * @usage: the highest usage class to wait for
 * @intr: whether a signal interrupts the wait
 * @timeout: in jiffies, or 0 to only check
 *
 * Return: the remaining jiffies (at least 1) when every fence signaled; with
 * a zero @timeout, 1 if all signaled. 0 on timeout, -ERESTARTSYS when
 * interrupted.
 */
long dma_resv_wait_timeout(struct dma_resv *obj, enum dma_resv_usage usage,
			   bool intr, unsigned long timeout)
{
	long ret = timeout ? timeout : 1;
	struct dma_resv_iter cursor;
	struct dma_fence *fence;

	dma_resv_iter_begin(&cursor, obj, usage);
	dma_resv_for_each_fence_unlocked(&cursor, fence) {
		ret = dma_fence_wait_timeout(fence, intr, timeout);
		if (ret <= 0)
			break;
		if (timeout)
			timeout = ret;
	}
	dma_resv_iter_end(&cursor);

	return ret;
}
EXPORT_SYMBOL(dma_resv_wait_timeout);

/**
 * dma_resv_set_deadline() - pass a deadline to an object's fences
 * @obj: the object; need not be locked
 * @usage: the highest usage class to include
 * @deadline: the time by which the waiter would like them signaled
 *
 * A hint, forwarded to each unsignaled fence with dma_fence_set_deadline().
 */
void dma_resv_set_deadline(struct dma_resv *obj, enum dma_resv_usage usage,
			   ktime_t deadline)
{
	struct dma_resv_iter cursor;
	struct dma_fence *fence;

	dma_resv_iter_begin(&cursor, obj, usage);
	dma_resv_for_each_fence_unlocked(&cursor, fence)
		dma_fence_set_deadline(fence, deadline);
	dma_resv_iter_end(&cursor);
}
EXPORT_SYMBOL(dma_resv_set_deadline);

/**
 * dma_resv_test_signaled() - have an object's fences all signaled?
 * @obj: the object; need not be locked
 * @usage: the highest usage class to include
 *
 * Return: true if no fence of the given classes is pending.
 */
bool dma_resv_test_signaled(struct dma_resv *obj, enum dma_resv_usage usage)
{
	struct dma_resv_iter cursor;
	struct dma_fence *fence;

	dma_resv_iter_begin(&cursor, obj, usage);
	fence = dma_resv_iter_first_unlocked(&cursor);
	dma_resv_iter_end(&cursor);

	return !fence;
}
EXPORT_SYMBOL(dma_resv_test_signaled);

/**
 * dma_resv_describe() - print an object's fences
 * @obj: the object, locked by the caller
 * @seq: where to print
 *
 * One line per fence, of every usage class, with the class first.
 */
void dma_resv_describe(struct dma_resv *obj, struct seq_file *seq)
{
	static const char * const names[] = {
		[DMA_RESV_USAGE_KERNEL] = "kernel",
		[DMA_RESV_USAGE_WRITE] = "write",
		[DMA_RESV_USAGE_READ] = "read",
		[DMA_RESV_USAGE_BOOKKEEP] = "bookkeep",
	};
	struct dma_resv_iter cursor;
	struct dma_fence *fence;

	dma_resv_for_each_fence(&cursor, obj, DMA_RESV_USAGE_BOOKKEEP, fence) {
		seq_printf(seq, "\t%s fence:",
			   names[dma_resv_iter_usage(&cursor)]);
		dma_fence_describe(fence, seq);
	}
}
EXPORT_SYMBOL(dma_resv_describe);
