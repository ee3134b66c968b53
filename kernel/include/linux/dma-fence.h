/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dma-fence: the cross-driver completion primitive of the dma-buf family.
 *
 * A fence stands for one piece of asynchronous work (a GPU job, a blit, a
 * page flip). It starts unsignaled, is signaled exactly once, and lets other
 * drivers wait for it or attach callbacks to it. The API below matches
 * Linux 6.1, plus dma_fence_set_deadline() and &dma_fence_ops.set_deadline
 * from Linux 6.3.
 */
#ifndef __LINUX_DMA_FENCE_H
#define __LINUX_DMA_FENCE_H

#include <linux/bitops.h>
#include <linux/err.h>
#include <linux/kref.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

struct dma_fence;
struct dma_fence_ops;
struct dma_fence_cb;
struct seq_file;

/**
 * struct dma_fence - a software synchronization point
 * @lock: the spinlock protecting @cb_list and serializing signaling; usually
 *	shared by all fences of one timeline. Always taken with irqsave.
 * @ops: the implementation's operations (also identifies the subclass)
 * @cb_list: callbacks to run on signaling; only valid while unsignaled
 * @timestamp: the signaling time, valid once DMA_FENCE_FLAG_TIMESTAMP_BIT
 *	is set; takes the place of @cb_list when the fence signals
 * @rcu: used by dma_fence_free() to free the fence after a grace period;
 *	takes the place of @timestamp once the last reference is gone
 * @context: the timeline this fence belongs to, from
 *	dma_fence_context_alloc()
 * @seqno: position on the timeline; fences of one context signal in @seqno
 *	order, so comparing seqnos tells which one completes later
 * @flags: DMA_FENCE_FLAG_* bits, always changed with atomic bitops
 * @refcount: the reference count, see dma_fence_get() and dma_fence_put()
 * @error: 0, or a negative errno set with dma_fence_set_error() before
 *	signaling to say that the work failed
 *
 * The three members of the anonymous union are used one after the other,
 * never together: the callback list until the fence signals, then the
 * timestamp, then the RCU head once the fence is being freed. Reading
 * @timestamp therefore needs a reference, not just rcu_read_lock().
 *
 * Flag bits:
 *
 * DMA_FENCE_FLAG_SIGNALED_BIT: the fence has signaled; never cleared.
 *
 * DMA_FENCE_FLAG_TIMESTAMP_BIT: @timestamp holds the signaling time. It is
 * set shortly after the signaled bit, see dma_fence_timestamp().
 *
 * DMA_FENCE_FLAG_ENABLE_SIGNAL_BIT: software signaling was requested, and
 * &dma_fence_ops.enable_signaling has been (or is being) called. The bit is
 * set under @lock before the signaled bit is checked, which guarantees that
 * enable_signaling is either finished or never called once the fence has
 * been signaled.
 *
 * DMA_FENCE_FLAG_USER_BITS: first bit free for the implementation's own use.
 */
struct dma_fence {
	spinlock_t *lock;
	const struct dma_fence_ops *ops;
	union {
		struct list_head cb_list;
		ktime_t timestamp;
		struct rcu_head rcu;
	};
	u64 context;
	u64 seqno;
	unsigned long flags;
	struct kref refcount;
	int error;
};

enum dma_fence_flag_bits {
	DMA_FENCE_FLAG_SIGNALED_BIT,
	DMA_FENCE_FLAG_TIMESTAMP_BIT,
	DMA_FENCE_FLAG_ENABLE_SIGNAL_BIT,
	DMA_FENCE_FLAG_USER_BITS, /* keep last */
};

typedef void (*dma_fence_func_t)(struct dma_fence *fence,
				 struct dma_fence_cb *cb);

/**
 * struct dma_fence_cb - a callback for dma_fence_add_callback()
 * @node: links the callback into &dma_fence.cb_list; empty when the
 *	callback is not queued on any fence
 * @func: the function to run when the fence signals
 *
 * Filled in by dma_fence_add_callback(). Embed it in a larger structure to
 * pass data to @func.
 */
struct dma_fence_cb {
	struct list_head node;
	dma_fence_func_t func;
};

/**
 * struct dma_fence_ops - what a fence implementation provides
 *
 * Only the two name callbacks are mandatory. dma_fence_init() refuses ops
 * without them: see "DOC: invalid fence ops" in dma-fence.c.
 */
struct dma_fence_ops {
	/**
	 * @use_64bit_seqno:
	 *
	 * Optional, default false. When true, seqnos are compared as plain
	 * 64-bit numbers. When false only the low 32 bits count and the
	 * comparison tolerates wrap-around, for timelines that use 32-bit
	 * hardware counters.
	 */
	bool use_64bit_seqno;

	/**
	 * @get_driver_name:
	 *
	 * Mandatory. Returns the name of the driver that owns the fence, for
	 * debugging output. May be called from any context, including with
	 * &dma_fence.lock held and from irq context; must not sleep. The
	 * returned string must live at least as long as the fence.
	 */
	const char * (*get_driver_name)(struct dma_fence *fence);

	/**
	 * @get_timeline_name:
	 *
	 * Mandatory. Returns the name of the timeline (context) the fence is
	 * on, for debugging output. Same calling rules as @get_driver_name.
	 */
	const char * (*get_timeline_name)(struct dma_fence *fence);

	/**
	 * @enable_signaling:
	 *
	 * Optional. Asks the implementation to make sure that
	 * dma_fence_signal() will eventually be called for this fence, for
	 * implementations that normally only signal hardware to hardware and
	 * need an interrupt or a worker for a software waiter. Called at most
	 * once per fence, by the first dma_fence_add_callback(),
	 * dma_fence_wait() or dma_fence_enable_sw_signaling(), with
	 * &dma_fence.lock held and interrupts disabled: it must not sleep.
	 *
	 * Returns true if signaling has been armed, false if the fence is
	 * already complete or can't be armed; the core then signals the
	 * fence at once. &dma_fence.error may be set only when returning
	 * false.
	 *
	 * Since the fence may be signaled (and its last reference dropped)
	 * as soon as this returns, implementations that signal from another
	 * context should take their own reference here with dma_fence_get()
	 * and drop it after signaling.
	 *
	 * Without this callback the implementation must always signal its
	 * fences on its own.
	 */
	bool (*enable_signaling)(struct dma_fence *fence);

	/**
	 * @signaled:
	 *
	 * Optional. A cheap peek at whether the fence has completed, used by
	 * dma_fence_is_signaled() to notice completion before the
	 * implementation got around to calling dma_fence_signal(). It may
	 * return false for a complete fence, but once it returns true it must
	 * keep returning true. May be called with or without &dma_fence.lock
	 * held and from atomic context; must not sleep. May set
	 * &dma_fence.error when returning true.
	 *
	 * Returns true if the fence has completed.
	 */
	bool (*signaled)(struct dma_fence *fence);

	/**
	 * @wait:
	 *
	 * Optional and deprecated: a custom wait replacing
	 * dma_fence_default_wait(), kept for implementations with special
	 * needs during hardware reset. Called from process context without
	 * locks held; may sleep.
	 *
	 * Returns the remaining timeout in jiffies (at least 1) when the
	 * fence signaled, 0 when the timeout expired, -ERESTARTSYS when @intr
	 * is true and a signal interrupted the wait. Any other negative errno
	 * is treated by callers as completion with an error.
	 */
	signed long (*wait)(struct dma_fence *fence,
			    bool intr, signed long timeout);

	/**
	 * @release:
	 *
	 * Optional. Frees the fence once its last reference is gone. May be
	 * called from any context, including irq context and from inside
	 * another fence's signaling callbacks; must not sleep. When NULL,
	 * dma_fence_free() is used, which requires the fence to be the
	 * start of its own kmalloc() allocation. Implementations must free
	 * the memory through RCU (as dma_fence_free() does) or use
	 * SLAB_TYPESAFE_BY_RCU, because dma_fence_get_rcu() may still look
	 * at a released fence.
	 */
	void (*release)(struct dma_fence *fence);

	/**
	 * @fence_value_str:
	 *
	 * Optional. Writes a free-form description of this fence's value
	 * (typically its seqno) into @str, at most @size bytes including the
	 * terminating NUL. Debug only; must not sleep.
	 */
	void (*fence_value_str)(struct dma_fence *fence, char *str, int size);

	/**
	 * @timeline_value_str:
	 *
	 * Optional. Writes the current value of the fence's timeline (for
	 * example the last completed seqno) into @str, at most @size bytes.
	 * The fence only identifies the timeline. Debug only; must not sleep.
	 */
	void (*timeline_value_str)(struct dma_fence *fence,
				   char *str, int size);

	/**
	 * @set_deadline:
	 *
	 * Optional. Tells the implementation that a waiter would like the
	 * fence to be signaled by @deadline (CLOCK_MONOTONIC), for example
	 * the next vblank, so it can raise clocks. Only a hint: the fence may
	 * still signal later. Called through dma_fence_set_deadline() without
	 * &dma_fence.lock held, from any context, possibly many times; must
	 * not sleep. The implementation does its own locking and should keep
	 * only the earliest deadline it was given. A deadline in the past
	 * means "as soon as possible". Returns nothing.
	 */
	void (*set_deadline)(struct dma_fence *fence, ktime_t deadline);
};

void dma_fence_init(struct dma_fence *fence, const struct dma_fence_ops *ops,
		    spinlock_t *lock, u64 context, u64 seqno);

void dma_fence_release(struct kref *kref);
void dma_fence_free(struct dma_fence *fence);
void dma_fence_describe(struct dma_fence *fence, struct seq_file *seq);

/**
 * dma_fence_put() - drop a reference to a fence
 * @fence: the fence, or NULL
 *
 * Frees the fence through dma_fence_release() when this was the last
 * reference. Safe from any context.
 */
static inline void dma_fence_put(struct dma_fence *fence)
{
	if (fence)
		kref_put(&fence->refcount, dma_fence_release);
}

/**
 * dma_fence_get() - take a reference to a fence
 * @fence: the fence, or NULL
 *
 * The caller must already own a reference (or otherwise know that the fence
 * is alive); use dma_fence_get_rcu() for RCU-protected pointers.
 *
 * Return: @fence.
 */
static inline struct dma_fence *dma_fence_get(struct dma_fence *fence)
{
	if (fence)
		kref_get(&fence->refcount);
	return fence;
}

/**
 * dma_fence_get_rcu() - take a reference unless the fence is being freed
 * @fence: a fence found under rcu_read_lock()
 *
 * Return: @fence with a new reference, or NULL if its reference count had
 * already dropped to zero.
 */
static inline struct dma_fence *dma_fence_get_rcu(struct dma_fence *fence)
{
	if (kref_get_unless_zero(&fence->refcount))
		return fence;
	return NULL;
}

/**
 * dma_fence_get_rcu_safe() - take a reference to the fence behind an RCU
 *	pointer
 * @fencep: the RCU-protected pointer
 *
 * The memory of a released fence may be reused for a new fence before the
 * grace period ends (SLAB_TYPESAFE_BY_RCU). After getting a reference this
 * therefore checks that @fencep still points at the same fence and retries
 * otherwise. The caller must hold rcu_read_lock().
 *
 * Return: the fence with a new reference, or NULL if @fencep is NULL.
 */
static inline struct dma_fence *
dma_fence_get_rcu_safe(struct dma_fence __rcu **fencep)
{
	struct dma_fence *fence;

	for (;;) {
		fence = rcu_dereference(*fencep);
		if (!fence)
			return NULL;

		if (!dma_fence_get_rcu(fence))
			continue;

		/*
		 * The successful refcount increment is a full barrier, so
		 * this second read orders after it: if the pointer still
		 * names this fence, the reference is to the right object.
		 */
		if (fence == rcu_access_pointer(*fencep))
			return rcu_pointer_handoff(fence);

		dma_fence_put(fence);
	}
}

/**
 * dma_fence_begin_signalling() - start a fence signaling critical section
 *
 * Description: Annotation for code that must run for a fence to be signaled. fencepost
 * does not teach lockdep about these sections; the calls are kept so that
 * drivers written for Linux build unchanged.
 *
 * Return: a cookie for dma_fence_end_signalling().
 */
static inline bool dma_fence_begin_signalling(void)
{
	return true;
}

/**
 * dma_fence_end_signalling() - end a fence signaling critical section
 * @cookie: the value returned by dma_fence_begin_signalling()
 */
static inline void dma_fence_end_signalling(bool __always_unused cookie)
{
}

/**
 * __dma_fence_might_wait() - annotate a point that may wait for a fence
 */
static inline void __dma_fence_might_wait(void)
{
}

int dma_fence_signal(struct dma_fence *fence);
int dma_fence_signal_locked(struct dma_fence *fence);
int dma_fence_signal_timestamp(struct dma_fence *fence, ktime_t timestamp);
int dma_fence_signal_timestamp_locked(struct dma_fence *fence,
				      ktime_t timestamp);
signed long dma_fence_default_wait(struct dma_fence *fence,
				   bool intr, signed long timeout);
int dma_fence_add_callback(struct dma_fence *fence,
			   struct dma_fence_cb *cb,
			   dma_fence_func_t func);
bool dma_fence_remove_callback(struct dma_fence *fence,
			       struct dma_fence_cb *cb);
void dma_fence_enable_sw_signaling(struct dma_fence *fence);

/**
 * dma_fence_is_signaled_locked() - check whether a fence has signaled
 * @fence: the fence; the caller holds &dma_fence.lock
 *
 * Like dma_fence_is_signaled(), for callers that already hold the lock.
 * Without prior dma_fence_enable_sw_signaling(), dma_fence_add_callback()
 * or dma_fence_wait() this may never become true for fences that only
 * signal on request.
 *
 * Return: true if the fence has signaled.
 */
static inline bool dma_fence_is_signaled_locked(struct dma_fence *fence)
{
	if (test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags))
		return true;

	if (fence->ops->signaled && fence->ops->signaled(fence)) {
		dma_fence_signal_locked(fence);
		return true;
	}

	return false;
}

/**
 * dma_fence_is_signaled() - check whether a fence has signaled
 * @fence: the fence
 *
 * Tests the signaled bit, then asks &dma_fence_ops.signaled and signals the
 * fence if the implementation reports completion. Does not enable
 * signaling, so for fences that only signal on request this may stay false
 * until dma_fence_enable_sw_signaling(), dma_fence_add_callback() or
 * dma_fence_wait() has been called. Must not be called with &dma_fence.lock
 * held; see dma_fence_is_signaled_locked().
 *
 * Return: true if the fence has signaled.
 */
static inline bool dma_fence_is_signaled(struct dma_fence *fence)
{
	if (test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags))
		return true;

	if (fence->ops->signaled && fence->ops->signaled(fence)) {
		dma_fence_signal(fence);
		return true;
	}

	return false;
}

/**
 * __dma_fence_is_later() - compare two seqnos of one context
 * @f1: the first seqno
 * @f2: the second seqno
 * @ops: the ops of the context, which select 64-bit or 32-bit comparison
 *
 * With 32-bit seqnos the difference of the low halves is taken as a signed
 * number, so 0x00000001 counts as later than 0xffffffff.
 *
 * Return: true if @f1 comes after @f2.
 */
static inline bool __dma_fence_is_later(u64 f1, u64 f2,
					const struct dma_fence_ops *ops)
{
	if (ops->use_64bit_seqno)
		return f1 > f2;

	return (s32)(lower_32_bits(f1) - lower_32_bits(f2)) > 0;
}

/**
 * dma_fence_is_later() - check whether a fence comes after another one
 * @f1: the first fence
 * @f2: the second fence, from the same context as @f1
 *
 * Return: true if @f1 signals after @f2; false (with a warning) if the
 * fences are on different contexts, where seqnos can't be compared.
 */
static inline bool dma_fence_is_later(struct dma_fence *f1,
				      struct dma_fence *f2)
{
	if (WARN_ON(f1->context != f2->context))
		return false;

	return __dma_fence_is_later(f1->seqno, f2->seqno, f1->ops);
}

/**
 * dma_fence_is_later_or_same() - check whether a fence does not come before
 *	another one
 * @f1: the first fence
 * @f2: the second fence, from the same context as @f1
 *
 * Return: true if @f1 and @f2 are the same fence or @f1 signals after @f2.
 */
static inline bool dma_fence_is_later_or_same(struct dma_fence *f1,
					      struct dma_fence *f2)
{
	return f1 == f2 || dma_fence_is_later(f1, f2);
}

/**
 * dma_fence_later() - pick the fence that signals last
 * @f1: the first fence
 * @f2: the second fence, from the same context as @f1
 *
 * Return: the later of the two fences, NULL if that one has signaled already
 * (and so both have) or if the contexts differ.
 */
static inline struct dma_fence *dma_fence_later(struct dma_fence *f1,
						struct dma_fence *f2)
{
	struct dma_fence *last;

	if (WARN_ON(f1->context != f2->context))
		return NULL;

	last = dma_fence_is_later(f1, f2) ? f1 : f2;
	return dma_fence_is_signaled(last) ? NULL : last;
}

/**
 * dma_fence_get_status_locked() - completion status of a fence
 * @fence: the fence; the caller holds &dma_fence.lock
 *
 * Return: 0 while the fence is pending, 1 if it signaled successfully, or
 * the negative error it was signaled with.
 */
static inline int dma_fence_get_status_locked(struct dma_fence *fence)
{
	if (!dma_fence_is_signaled_locked(fence))
		return 0;

	return fence->error ? fence->error : 1;
}

int dma_fence_get_status(struct dma_fence *fence);

/**
 * dma_fence_set_error() - record that a fence's work failed
 * @fence: the fence, not yet signaled
 * @error: a negative errno
 *
 * Must be called before the fence is signaled, so that everybody woken by
 * the signal sees the error. Unlike Linux, which only warns, a call on an
 * already signaled fence or with a value that is not a negative errno is
 * refused with a warning and leaves &dma_fence.error unchanged: a fence's
 * status never changes after it signaled.
 */
static inline void dma_fence_set_error(struct dma_fence *fence, int error)
{
	if (WARN_ON(test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags)))
		return;
	if (WARN_ON(error >= 0 || error < -MAX_ERRNO))
		return;

	fence->error = error;
}

/**
 * dma_fence_timestamp() - the time a fence signaled
 * @fence: a signaled fence
 *
 * The timestamp is written just after the signaled bit is set, so this
 * spins for the short window in between.
 *
 * Return: the signaling time, or the current time (with a warning) if the
 * fence has not signaled.
 */
static inline ktime_t dma_fence_timestamp(struct dma_fence *fence)
{
	if (WARN_ON(!test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags)))
		return ktime_get();

	while (!test_bit(DMA_FENCE_FLAG_TIMESTAMP_BIT, &fence->flags))
		cpu_relax();
	/* Pairs with the barrier in dma_fence_signal_timestamp_locked(). */
	smp_rmb();

	return fence->timestamp;
}

signed long dma_fence_wait_timeout(struct dma_fence *fence,
				   bool intr, signed long timeout);
signed long dma_fence_wait_any_timeout(struct dma_fence **fences,
				       uint32_t count,
				       bool intr, signed long timeout,
				       uint32_t *idx);

/**
 * dma_fence_wait() - sleep until a fence signals
 * @fence: the fence; the caller holds a reference
 * @intr: true for an interruptible sleep
 *
 * Return: 0 once the fence signaled, -ERESTARTSYS if @intr and a signal
 * arrived, or another negative errno from a custom &dma_fence_ops.wait.
 */
static inline signed long dma_fence_wait(struct dma_fence *fence, bool intr)
{
	signed long ret;

	ret = dma_fence_wait_timeout(fence, intr, MAX_SCHEDULE_TIMEOUT);
	return ret < 0 ? ret : 0;
}

void dma_fence_set_deadline(struct dma_fence *fence, ktime_t deadline);

struct dma_fence *dma_fence_get_stub(void);
struct dma_fence *dma_fence_allocate_private_stub(ktime_t timestamp);
u64 dma_fence_context_alloc(unsigned int num);

extern const struct dma_fence_ops dma_fence_array_ops;
extern const struct dma_fence_ops dma_fence_chain_ops;

/**
 * dma_fence_is_array() - check for the dma_fence_array subclass
 * @fence: the fence
 *
 * Return: true if @fence is a &struct dma_fence_array.
 */
static inline bool dma_fence_is_array(struct dma_fence *fence)
{
	return fence->ops == &dma_fence_array_ops;
}

/**
 * dma_fence_is_chain() - check for the dma_fence_chain subclass
 * @fence: the fence
 *
 * Return: true if @fence is a &struct dma_fence_chain.
 */
static inline bool dma_fence_is_chain(struct dma_fence *fence)
{
	return fence->ops == &dma_fence_chain_ops;
}

/**
 * dma_fence_is_container() - check whether a fence wraps other fences
 * @fence: the fence
 *
 * Containers nest by calling into each other, so deep nesting costs stack;
 * flatten them with dma_fence_unwrap_merge() instead of stacking them.
 *
 * Return: true if @fence is an array or a chain.
 */
static inline bool dma_fence_is_container(struct dma_fence *fence)
{
	return dma_fence_is_array(fence) || dma_fence_is_chain(fence);
}

#endif /* __LINUX_DMA_FENCE_H */
