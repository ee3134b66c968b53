/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reservation objects: the set of fences that guards access to a shared
 * buffer, each fence tagged with how its operation uses the buffer, plus the
 * wound/wait mutex that serialises updates to that set and to the buffer's
 * placement.
 */
#ifndef _LINUX_RESERVATION_H
#define _LINUX_RESERVATION_H

#include <linux/dma-fence.h>
#include <linux/ktime.h>
#include <linux/lockdep.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/types.h>
#include <linux/ww_mutex.h>

struct seq_file;
struct dma_resv_list;

extern struct ww_class reservation_ww_class;

/**
 * enum dma_resv_usage - how the operation behind a fence uses the resource
 *
 * Every fence in a &struct dma_resv carries one of these classes. They are
 * ordered KERNEL < WRITE < READ < BOOKKEEP, and a query for one class also
 * returns the fences of every class before it: asking for READ fences gives
 * the KERNEL, WRITE and READ fences.
 *
 * Adding a fence again with a lower class promotes it (a BOOKKEEP fence can
 * become a READ fence); a fence is never demoted (a WRITE fence stays WRITE
 * when added again as READ, the READ entry is kept separately).
 */
enum dma_resv_usage {
	/**
	 * @DMA_RESV_USAGE_KERNEL: kernel memory management only, such as a
	 * DMA engine clearing or moving the buffer. Every user must wait for
	 * these before touching the resource unless it pinned the resource.
	 */
	DMA_RESV_USAGE_KERNEL,

	/**
	 * @DMA_RESV_USAGE_WRITE: implicit write synchronisation, for userspace
	 * submissions that write the resource.
	 */
	DMA_RESV_USAGE_WRITE,

	/**
	 * @DMA_RESV_USAGE_READ: implicit read synchronisation, for userspace
	 * submissions that read the resource.
	 */
	DMA_RESV_USAGE_READ,

	/**
	 * @DMA_RESV_USAGE_BOOKKEEP: no implicit synchronisation at all:
	 * preemption fences, page table updates, explicitly synchronised
	 * submissions. Such a fence can later be promoted to READ or WRITE.
	 */
	DMA_RESV_USAGE_BOOKKEEP
};

/**
 * dma_resv_usage_rw() - the usage class to wait for before an access
 * @write: true for a new write access, false for a new read access
 *
 * A new writer must wait for every earlier reader and writer, so it asks for
 * the READ class (which includes WRITE and KERNEL). A new reader only has to
 * wait for earlier writers, so it asks for the WRITE class.
 *
 * Return: %DMA_RESV_USAGE_READ for a write, %DMA_RESV_USAGE_WRITE for a read.
 */
static inline enum dma_resv_usage dma_resv_usage_rw(bool write)
{
	return write ? DMA_RESV_USAGE_READ : DMA_RESV_USAGE_WRITE;
}

/**
 * struct dma_resv - the fences and lock of a shared resource
 *
 * Used by &struct dma_buf to synchronise access between drivers and for
 * implicit synchronisation of userspace, and by buffer managers to protect
 * placement and allocation state.
 *
 * Updates happen under @lock; readers may instead walk the fences under RCU
 * with the unlocked iterator, which restarts when the set is replaced.
 */
struct dma_resv {
	/**
	 * @lock: the update-side lock; use dma_resv_lock() and friends, never
	 * the mutex directly.
	 */
	struct ww_mutex lock;

	/**
	 * @fences: the published fence table, replaced under @lock and read
	 * under RCU. Adding a fence cannot fail, so room must be reserved
	 * first with dma_resv_reserve_fences().
	 */
	struct dma_resv_list __rcu *fences;

	/**
	 * @generation: stamp given to the next table published in @fences,
	 * so that an unlocked walk can tell a new table from an old one that
	 * happens to reuse its address. Protected by @lock.
	 */
	u32 generation;
};

/**
 * struct dma_resv_iter - position of a walk over the fences of a dma_resv
 *
 * Treat as opaque and use the accessors. An unlocked walk may restart from
 * the beginning when the object changes under it: code that accumulates
 * anything must check dma_resv_iter_is_restarted() and start over.
 */
struct dma_resv_iter {
	/** @obj: the object walked */
	struct dma_resv *obj;

	/** @usage: return fences of this class or a lower one */
	enum dma_resv_usage usage;

	/** @fence: the current fence (referenced in an unlocked walk) */
	struct dma_fence *fence;

	/** @fence_usage: the class of @fence */
	enum dma_resv_usage fence_usage;

	/** @index: next table entry to look at */
	unsigned int index;

	/** @fences: the table being walked; never dereference it */
	struct dma_resv_list *fences;

	/** @generation: the stamp of @fences when the walk (re)started */
	u32 generation;

	/** @num_fences: entries of @fences seen when the walk (re)started */
	unsigned int num_fences;

	/** @is_restarted: true if @fence is the first one after a restart */
	bool is_restarted;
};

struct dma_fence *dma_resv_iter_first_unlocked(struct dma_resv_iter *cursor);
struct dma_fence *dma_resv_iter_next_unlocked(struct dma_resv_iter *cursor);
struct dma_fence *dma_resv_iter_first(struct dma_resv_iter *cursor);
struct dma_fence *dma_resv_iter_next(struct dma_resv_iter *cursor);

/**
 * dma_resv_iter_begin() - prepare a cursor for an unlocked walk
 * @cursor: the cursor
 * @obj: the object to walk
 * @usage: the highest usage class to return, see enum dma_resv_usage
 */
static inline void dma_resv_iter_begin(struct dma_resv_iter *cursor,
				       struct dma_resv *obj,
				       enum dma_resv_usage usage)
{
	cursor->obj = obj;
	cursor->usage = usage;
	cursor->fence = NULL;
}

/**
 * dma_resv_iter_end() - finish an unlocked walk
 * @cursor: the cursor
 *
 * Drops the reference an unlocked walk holds on its current fence, which is
 * why it must be called even when the walk is left early.
 */
static inline void dma_resv_iter_end(struct dma_resv_iter *cursor)
{
	dma_fence_put(cursor->fence);
	cursor->fence = NULL;
}

/**
 * dma_resv_iter_usage() - the usage class of the current fence
 * @cursor: the cursor
 *
 * Return: the class the current fence was added with.
 */
static inline enum dma_resv_usage
dma_resv_iter_usage(struct dma_resv_iter *cursor)
{
	return cursor->fence_usage;
}

/**
 * dma_resv_iter_is_restarted() - is this the first fence of a (re)start?
 * @cursor: the cursor
 *
 * Return: true if the current fence is the first one returned since the walk
 * began or restarted; everything gathered before it must be discarded.
 */
static inline bool dma_resv_iter_is_restarted(struct dma_resv_iter *cursor)
{
	return cursor->is_restarted;
}

/**
 * dma_resv_for_each_fence_unlocked - walk the fences under RCU
 * @cursor: a &struct dma_resv_iter set up with dma_resv_iter_begin()
 * @fence: the current fence
 *
 * Walks the unsignaled fences without &dma_resv.lock. Inside the loop a
 * reference to @fence is held and the RCU read lock is not, so the body may
 * sleep. The walk restarts when the fence table is replaced; see
 * dma_resv_iter_is_restarted(). Finish with dma_resv_iter_end(). Prefer
 * dma_resv_for_each_fence() when the lock is held anyway.
 */
#define dma_resv_for_each_fence_unlocked(cursor, fence)			\
	for (fence = dma_resv_iter_first_unlocked(cursor);		\
	     fence; fence = dma_resv_iter_next_unlocked(cursor))

/**
 * dma_resv_for_each_fence - walk the fences with the lock held
 * @cursor: a &struct dma_resv_iter
 * @obj: the object, locked by the caller
 * @usage: the highest usage class to return
 * @fence: the current fence
 *
 * No reference is taken: @fence stays valid while the lock is held. Signaled
 * fences are returned too.
 */
#define dma_resv_for_each_fence(cursor, obj, usage, fence)		\
	for (dma_resv_iter_begin(cursor, obj, usage),			\
	     fence = dma_resv_iter_first(cursor); fence;		\
	     fence = dma_resv_iter_next(cursor))

#define dma_resv_held(obj) lockdep_is_held(&(obj)->lock.base)
#define dma_resv_assert_held(obj) lockdep_assert_held(&(obj)->lock.base)

#ifdef CONFIG_DEBUG_MUTEXES
void dma_resv_reset_max_fences(struct dma_resv *obj);
#else
static inline void dma_resv_reset_max_fences(struct dma_resv *obj __always_unused) {}
#endif

/**
 * dma_resv_lock() - lock a reservation object
 * @obj: the object
 * @ctx: the acquire context, or NULL to lock this object alone
 *
 * Locks against other writers only; unlocked readers keep running under RCU.
 * When several objects are locked in any order under one @ctx, -EDEADLK means
 * this context must back off: unlock everything it holds, then take @obj with
 * dma_resv_lock_slow() and retry the rest. Unlock with dma_resv_unlock().
 *
 * Return: 0 on success, -EDEADLK to back off, -EALREADY if @ctx already
 * holds @obj.
 */
static inline int dma_resv_lock(struct dma_resv *obj,
				struct ww_acquire_ctx *ctx)
{
	return ww_mutex_lock(&obj->lock, ctx);
}

/**
 * dma_resv_lock_interruptible() - lock a reservation object, interruptible
 * @obj: the object
 * @ctx: the acquire context, or NULL
 *
 * As dma_resv_lock(), but a signal ends the wait; after -EDEADLK use
 * dma_resv_lock_slow_interruptible().
 *
 * Return: 0 on success, -EDEADLK to back off, -EALREADY if @ctx already
 * holds @obj, -EINTR if interrupted.
 */
static inline int dma_resv_lock_interruptible(struct dma_resv *obj,
					      struct ww_acquire_ctx *ctx)
{
	return ww_mutex_lock_interruptible(&obj->lock, ctx);
}

/**
 * dma_resv_lock_slow() - lock a reservation object after backing off
 * @obj: the object that returned -EDEADLK
 * @ctx: the acquire context, holding no other lock of its class
 *
 * Sleeps until @obj is free; cannot fail.
 */
static inline void dma_resv_lock_slow(struct dma_resv *obj,
				      struct ww_acquire_ctx *ctx)
{
	ww_mutex_lock_slow(&obj->lock, ctx);
}

/**
 * dma_resv_lock_slow_interruptible() - back-off lock, interruptible
 * @obj: the object that returned -EDEADLK
 * @ctx: the acquire context, holding no other lock of its class
 *
 * Return: 0 on success, -EINTR if interrupted.
 */
static inline int dma_resv_lock_slow_interruptible(struct dma_resv *obj,
						   struct ww_acquire_ctx *ctx)
{
	return ww_mutex_lock_slow_interruptible(&obj->lock, ctx);
}

/**
 * dma_resv_trylock() - try to lock a reservation object
 * @obj: the object
 *
 * No context, so no deadlock avoidance, and none is needed.
 *
 * Return: true if the lock was taken.
 */
static inline bool __must_check dma_resv_trylock(struct dma_resv *obj)
{
	return ww_mutex_trylock(&obj->lock, NULL);
}

/**
 * dma_resv_is_locked() - is a reservation object locked by anyone?
 * @obj: the object
 *
 * Return: true if locked.
 */
static inline bool dma_resv_is_locked(struct dma_resv *obj)
{
	return ww_mutex_is_locked(&obj->lock);
}

/**
 * dma_resv_locking_ctx() - the acquire context holding an object
 * @obj: the object
 *
 * Mostly useful to check whether the caller's own context holds @obj.
 *
 * Return: the context the object was locked with, or NULL if it is unlocked
 * or was locked without a context.
 */
static inline struct ww_acquire_ctx *dma_resv_locking_ctx(struct dma_resv *obj)
{
	return READ_ONCE(obj->lock.ctx);
}

/**
 * dma_resv_unlock() - unlock a reservation object
 * @obj: the object
 *
 * Slots reserved with dma_resv_reserve_fences() do not survive the unlock.
 */
static inline void dma_resv_unlock(struct dma_resv *obj)
{
	dma_resv_reset_max_fences(obj);
	ww_mutex_unlock(&obj->lock);
}

void dma_resv_init(struct dma_resv *obj);
void dma_resv_fini(struct dma_resv *obj);
int dma_resv_reserve_fences(struct dma_resv *obj, unsigned int num_fences);
void dma_resv_add_fence(struct dma_resv *obj, struct dma_fence *fence,
			enum dma_resv_usage usage);
void dma_resv_replace_fences(struct dma_resv *obj, uint64_t context,
			     struct dma_fence *replacement,
			     enum dma_resv_usage usage);
int dma_resv_get_fences(struct dma_resv *obj, enum dma_resv_usage usage,
			unsigned int *num_fences, struct dma_fence ***fences);
int dma_resv_get_singleton(struct dma_resv *obj, enum dma_resv_usage usage,
			   struct dma_fence **fence);
int dma_resv_copy_fences(struct dma_resv *dst, struct dma_resv *src);
long dma_resv_wait_timeout(struct dma_resv *obj, enum dma_resv_usage usage,
			   bool intr, unsigned long timeout);
void dma_resv_set_deadline(struct dma_resv *obj, enum dma_resv_usage usage,
			   ktime_t deadline);
bool dma_resv_test_signaled(struct dma_resv *obj, enum dma_resv_usage usage);
void dma_resv_describe(struct dma_resv *obj, struct seq_file *seq);

#endif /* _LINUX_RESERVATION_H */
