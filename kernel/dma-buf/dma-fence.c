// SPDX-License-Identifier: GPL-2.0-only
/*
 * dma-fence core: fence contexts, initialization, reference counting,
 * signaling, callbacks, waiting, error status, deadlines and the stub fence.
 * Subclasses (arrays, chains, driver fences) build on the helpers here.
 */

#include <linux/atomic.h>
#include <linux/dma-fence.h>
#include <linux/export.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <trace/events/fencepost_fence.h>

/**
 * DOC: DMA fences overview
 *
 * A &struct dma_fence marks the completion of one operation that runs
 * asynchronously to the CPU, usually on a device: a GPU job, a copy, a
 * display flip. The driver that runs the operation creates the fence with
 * dma_fence_init(), hands it out, and calls dma_fence_signal() when the
 * operation has finished. Everybody else holds references with
 * dma_fence_get() and dma_fence_put(), and either polls the fence with
 * dma_fence_is_signaled(), sleeps on it with dma_fence_wait(), or attaches
 * a function with dma_fence_add_callback() that runs when it signals.
 *
 * Every fence belongs to a context (a timeline), allocated with
 * dma_fence_context_alloc(). Fences of one context signal in the order of
 * their seqno, so for two fences of one context it is enough to wait for
 * the later one, see dma_fence_is_later().
 *
 * Fences cross driver boundaries in three ways: as &sync_file file
 * descriptors (explicit fencing), inside driver objects such as DRM
 * syncobjs, and attached to shared buffers through &struct dma_resv
 * (implicit fencing). Composite fences are built with &struct
 * dma_fence_array and &struct dma_fence_chain.
 */

/**
 * DOC: fence cross-driver contract
 *
 * Fences are waited for by drivers that did not create them, so every
 * implementation must keep these rules:
 *
 * * A fence must signal within a reasonable time. Work that may run
 *   forever (user shaders, for example) needs a timeout and recovery path
 *   that signals the fence, with an error, when the work is abandoned.
 *
 * * Everything needed to signal a fence must be able to make progress
 *   while somebody waits for it. Drivers may wait for fences while holding
 *   a &dma_resv lock, from memory reclaim (shrinkers) and from MMU
 *   notifiers. Code on the signaling path therefore must not take
 *   &dma_resv locks and must not allocate memory with GFP_KERNEL, GFP_NOFS
 *   or GFP_NOIO; only GFP_ATOMIC allocations, which may fail, are allowed.
 *   Annotate such code with dma_fence_begin_signalling() and
 *   dma_fence_end_signalling().
 *
 * * The error of a fence is fixed before it signals and never changes
 *   afterwards; set it with dma_fence_set_error().
 *
 * * Callers of dma_fence_add_callback(), dma_fence_wait() and the
 *   enable_signaling path must own a reference to the fence for as long as
 *   the call (or the callback) can use it.
 */

/**
 * DOC: fence locking and calling contexts
 *
 * &dma_fence.lock protects the callback list and makes signaling atomic
 * with respect to adding and removing callbacks. It is an irq-safe spinlock
 * owned by the implementation and is often shared by all fences of a
 * timeline. The core always takes it with spin_lock_irqsave(), so fences
 * can be signaled from interrupt handlers.
 *
 * Callbacks run with &dma_fence.lock held and interrupts disabled, possibly
 * in irq context. They must not sleep, must not take the lock of the fence
 * they are running for (it is held), and should not signal other fences or
 * drop what may be the last reference to another fence from there: both can
 * take other locks in unexpected order. The container fences defer that
 * work to an irq_work for this reason.
 *
 * &dma_fence_ops.enable_signaling also runs with the lock held. The other
 * operations run without it unless documented otherwise.
 *
 * The signaled bit is only ever set with the lock held, so code holding the
 * lock sees a stable signaled state. Readers that don't hold it may see the
 * bit set before the callbacks have run.
 */

/**
 * DOC: invalid fence ops
 *
 * Linux stops the machine (BUG_ON) when dma_fence_init() is given no ops,
 * ops without &dma_fence_ops.get_driver_name or
 * &dma_fence_ops.get_timeline_name, or no lock. fencepost refuses such a
 * fence without crashing: it warns and returns a fence that
 * is already signaled with error -EINVAL, so that waiters never block on
 * it. The fence keeps its context and seqno.
 *
 * Because code everywhere calls the name callbacks unconditionally, the
 * fence gets a private copy of its ops in which each missing name callback
 * is replaced by a fallback returning "invalid". The copy is allocated with
 * GFP_ATOMIC (dma_fence_init() may run in atomic context) and freed with
 * the fence; before the fence's own &dma_fence_ops.release runs, the
 * driver's ops are put back so that the release callback sees the ops it
 * knows. Without ops, or if the copy can't be allocated, the fence uses a
 * static fallback table whose release is dma_fence_free(). A missing lock
 * is replaced by an internal one.
 */

static DEFINE_SPINLOCK(dma_fence_stub_lock);
static struct dma_fence dma_fence_stub;

/* Context 0 is never handed out: the stub fences use it. */
static atomic64_t dma_fence_context_counter = ATOMIC64_INIT(1);

/* Stands in for the lock of fences initialized without one. */
static DEFINE_SPINLOCK(dma_fence_invalid_lock);

/**
 * struct dma_fence_fixed_ops - private ops for a fence given invalid ops
 * @ops: the driver's ops with fallbacks for the missing names
 * @orig: the driver's ops, restored before its release callback runs
 * @rcu: frees this structure after the fence's last RCU reader
 */
struct dma_fence_fixed_ops {
	struct dma_fence_ops ops;
	const struct dma_fence_ops *orig;
	struct rcu_head rcu;
};

static const char *
dma_fence_stub_get_name(struct dma_fence *fence __always_unused)
{
	return "stub";
}

static const struct dma_fence_ops dma_fence_stub_ops = {
	.get_driver_name = dma_fence_stub_get_name,
	.get_timeline_name = dma_fence_stub_get_name,
};

static const char *
dma_fence_invalid_get_name(struct dma_fence *fence __always_unused)
{
	return "invalid";
}

static const struct dma_fence_ops dma_fence_invalid_ops = {
	.get_driver_name = dma_fence_invalid_get_name,
	.get_timeline_name = dma_fence_invalid_get_name,
};

static void dma_fence_fixed_release(struct dma_fence *fence)
{
	struct dma_fence_fixed_ops *fixed =
		container_of(fence->ops, struct dma_fence_fixed_ops, ops);
	const struct dma_fence_ops *orig = fixed->orig;

	fence->ops = orig;
	kfree_rcu(fixed, rcu);

	if (orig->release)
		orig->release(fence);
	else
		dma_fence_free(fence);
}

static bool dma_fence_ops_valid(const struct dma_fence_ops *ops)
{
	return ops && ops->get_driver_name && ops->get_timeline_name;
}

/*
 * Build the ops an invalid fence runs with, see "DOC: invalid fence ops".
 */
static const struct dma_fence_ops *
dma_fence_fix_ops(const struct dma_fence_ops *ops)
{
	struct dma_fence_fixed_ops *fixed;

	if (!ops)
		return &dma_fence_invalid_ops;

	fixed = kmalloc(sizeof(*fixed), GFP_ATOMIC);
	if (!fixed)
		return &dma_fence_invalid_ops;

	fixed->ops = *ops;
	fixed->orig = ops;
	if (!ops->get_driver_name)
		fixed->ops.get_driver_name = dma_fence_invalid_get_name;
	if (!ops->get_timeline_name)
		fixed->ops.get_timeline_name = dma_fence_invalid_get_name;
	fixed->ops.release = dma_fence_fixed_release;

	return &fixed->ops;
}

/*
 * Mark a fence that was never published as signaled. Nobody else can see
 * it yet, so neither the lock nor the (empty) callback list is needed.
 */
static void dma_fence_init_signaled(struct dma_fence *fence, int error)
{
	fence->error = error;
	fence->timestamp = ktime_get();
	fence->flags = BIT(DMA_FENCE_FLAG_SIGNALED_BIT) |
		       BIT(DMA_FENCE_FLAG_TIMESTAMP_BIT) |
		       BIT(DMA_FENCE_FLAG_ENABLE_SIGNAL_BIT);
}

/**
 * dma_fence_init() - initialize a fence
 * @fence: the fence, embedded in the implementation's own structure
 * @ops: the implementation's operations
 * @lock: the irq-safe spinlock protecting the fence (often per timeline)
 * @context: the timeline, from dma_fence_context_alloc()
 * @seqno: the position on the timeline
 *
 * The fence starts unsignaled with one reference, owned by the caller.
 * Invalid @ops or a NULL @lock produce an already signaled fence with error
 * -EINVAL and a warning, see "DOC: invalid fence ops". May be called from
 * atomic context.
 */
void dma_fence_init(struct dma_fence *fence, const struct dma_fence_ops *ops,
		    spinlock_t *lock, u64 context, u64 seqno)
{
	bool valid = dma_fence_ops_valid(ops) && lock;

	kref_init(&fence->refcount);
	fence->ops = ops;
	fence->lock = lock;
	fence->context = context;
	fence->seqno = seqno;
	fence->flags = 0;
	fence->error = 0;
	INIT_LIST_HEAD(&fence->cb_list);

	if (WARN(!valid, "dma_fence %llx:%llx: invalid ops or lock\n",
		 (unsigned long long)context, (unsigned long long)seqno)) {
		if (!dma_fence_ops_valid(ops))
			fence->ops = dma_fence_fix_ops(ops);
		if (!lock)
			fence->lock = &dma_fence_invalid_lock;
		dma_fence_init_signaled(fence, -EINVAL);
	}

	trace_fencepost_fence_init(fence);
}
EXPORT_SYMBOL(dma_fence_init);

/**
 * dma_fence_context_alloc() - allocate fence contexts
 * @num: how many consecutive contexts to allocate, at least 1
 *
 * Return: the first of @num new, never reused context numbers. Context 0
 * is never returned.
 */
u64 dma_fence_context_alloc(unsigned int num)
{
	WARN_ON(!num);
	return atomic64_fetch_add(num, &dma_fence_context_counter);
}
EXPORT_SYMBOL(dma_fence_context_alloc);

/**
 * dma_fence_get_stub() - get the global signaled fence
 *
 * Description: The stub is a fence that is always signaled, for callers that need a
 * fence but have no work to wait for. Its timestamp is the time of the
 * first call.
 *
 * Return: the stub fence with a new reference.
 */
struct dma_fence *dma_fence_get_stub(void)
{
	unsigned long flags;

	spin_lock_irqsave(&dma_fence_stub_lock, flags);
	if (!dma_fence_stub.ops) {
		dma_fence_init(&dma_fence_stub, &dma_fence_stub_ops,
			       &dma_fence_stub_lock, 0, 0);
		set_bit(DMA_FENCE_FLAG_ENABLE_SIGNAL_BIT, &dma_fence_stub.flags);
		dma_fence_signal_locked(&dma_fence_stub);
	}
	spin_unlock_irqrestore(&dma_fence_stub_lock, flags);

	return dma_fence_get(&dma_fence_stub);
}
EXPORT_SYMBOL(dma_fence_get_stub);

/**
 * dma_fence_allocate_private_stub() - allocate a new signaled fence
 * @timestamp: the signaling time to record in the fence
 *
 * Like dma_fence_get_stub(), but a fence of its own, for callers that need
 * a distinct object or a particular timestamp. May sleep.
 *
 * Return: the new fence, or NULL if out of memory.
 */
struct dma_fence *dma_fence_allocate_private_stub(ktime_t timestamp)
{
	struct dma_fence *fence;

	fence = kzalloc(sizeof(*fence), GFP_KERNEL);
	if (!fence)
		return NULL;

	dma_fence_init(fence, &dma_fence_stub_ops, &dma_fence_stub_lock, 0, 0);
	set_bit(DMA_FENCE_FLAG_ENABLE_SIGNAL_BIT, &fence->flags);
	dma_fence_signal_timestamp(fence, timestamp);

	return fence;
}
EXPORT_SYMBOL(dma_fence_allocate_private_stub);

/**
 * dma_fence_signal_timestamp_locked() - signal a fence with a given time
 * @fence: the fence; the caller holds &dma_fence.lock
 * @timestamp: the completion time, in the CLOCK_MONOTONIC domain
 *
 * Marks the fence signaled, records @timestamp and runs the callbacks, which
 * wakes dma_fence_wait() sleepers. Only the first signal of a fence has an
 * effect.
 *
 * Return: 0, or -EINVAL if the fence had already signaled.
 */
int dma_fence_signal_timestamp_locked(struct dma_fence *fence,
				      ktime_t timestamp)
{
	struct dma_fence_cb *cb, *next;
	struct list_head pending;

	lockdep_assert_held(fence->lock);

	if (test_and_set_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags))
		return -EINVAL;

	/* The list head shares its storage with the timestamp: move it. */
	list_replace(&fence->cb_list, &pending);

	fence->timestamp = timestamp;
	/* Pairs with dma_fence_timestamp(): the value before the bit. */
	smp_mb__before_atomic();
	set_bit(DMA_FENCE_FLAG_TIMESTAMP_BIT, &fence->flags);
	trace_fencepost_fence_error(fence);
	trace_fencepost_fence_signaled(fence);

	list_for_each_entry_safe(cb, next, &pending, node) {
		/* An empty node tells dma_fence_remove_callback() it ran. */
		INIT_LIST_HEAD(&cb->node);
		cb->func(fence, cb);
	}

	return 0;
}
EXPORT_SYMBOL(dma_fence_signal_timestamp_locked);

/**
 * dma_fence_signal_timestamp() - signal a fence with a given time
 * @fence: the fence
 * @timestamp: the completion time, in the CLOCK_MONOTONIC domain
 *
 * Takes &dma_fence.lock and calls dma_fence_signal_timestamp_locked().
 *
 * Return: 0, or -EINVAL if @fence is NULL or had already signaled.
 */
int dma_fence_signal_timestamp(struct dma_fence *fence, ktime_t timestamp)
{
	unsigned long flags;
	bool cookie;
	int ret;

	if (!fence)
		return -EINVAL;

	cookie = dma_fence_begin_signalling();
	spin_lock_irqsave(fence->lock, flags);
	ret = dma_fence_signal_timestamp_locked(fence, timestamp);
	spin_unlock_irqrestore(fence->lock, flags);
	dma_fence_end_signalling(cookie);

	return ret;
}
EXPORT_SYMBOL(dma_fence_signal_timestamp);

/**
 * dma_fence_signal_locked() - signal a fence now
 * @fence: the fence; the caller holds &dma_fence.lock
 *
 * dma_fence_signal_timestamp_locked() with the current time.
 *
 * Return: 0, or -EINVAL if the fence had already signaled.
 */
int dma_fence_signal_locked(struct dma_fence *fence)
{
	return dma_fence_signal_timestamp_locked(fence, ktime_get());
}
EXPORT_SYMBOL(dma_fence_signal_locked);

/**
 * dma_fence_signal() - signal a fence now
 * @fence: the fence
 *
 * Marks the fence complete, runs its callbacks and wakes its waiters. Safe
 * from any context, including irq context. Later calls have no effect.
 *
 * Return: 0, or -EINVAL if @fence is NULL or had already signaled.
 */
int dma_fence_signal(struct dma_fence *fence)
{
	return dma_fence_signal_timestamp(fence, ktime_get());
}
EXPORT_SYMBOL(dma_fence_signal);

/**
 * dma_fence_release() - free a fence whose last reference is gone
 * @kref: &dma_fence.refcount
 *
 * Called by dma_fence_put(); never call it directly. A fence released while
 * unsignaled with callbacks still queued is a reference counting bug: it
 * warns, then signals the fence with -EDEADLK so that nobody waits forever.
 * Then calls &dma_fence_ops.release, or dma_fence_free() without one.
 */
void dma_fence_release(struct kref *kref)
{
	struct dma_fence *fence = container_of(kref, struct dma_fence,
					       refcount);
	unsigned long flags;

	trace_fencepost_fence_destroy(fence);

	if (WARN(!test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags) &&
		 !list_empty(&fence->cb_list),
		 "dma_fence %s:%s:%llx:%llx released with callbacks pending\n",
		 fence->ops->get_driver_name(fence),
		 fence->ops->get_timeline_name(fence),
		 (unsigned long long)fence->context,
		 (unsigned long long)fence->seqno)) {
		spin_lock_irqsave(fence->lock, flags);
		fence->error = -EDEADLK;
		dma_fence_signal_locked(fence);
		spin_unlock_irqrestore(fence->lock, flags);
	}

	if (fence->ops->release)
		fence->ops->release(fence);
	else
		dma_fence_free(fence);
}
EXPORT_SYMBOL(dma_fence_release);

/**
 * dma_fence_free() - free a fence after an RCU grace period
 * @fence: the fence, the start of a kmalloc() allocation
 *
 * The default &dma_fence_ops.release, also useful at the end of a custom
 * one.
 */
void dma_fence_free(struct dma_fence *fence)
{
	kfree_rcu(fence, rcu);
}
EXPORT_SYMBOL(dma_fence_free);

/*
 * Request signaling, with the fence's lock held. Returns false if the
 * fence has signaled (possibly right now, because the implementation said
 * it could not arm signaling), true if callbacks will run later.
 */
static bool __dma_fence_enable_signaling(struct dma_fence *fence)
{
	bool was_enabled;

	lockdep_assert_held(fence->lock);

	was_enabled = test_and_set_bit(DMA_FENCE_FLAG_ENABLE_SIGNAL_BIT,
				       &fence->flags);
	if (test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags))
		return false;

	if (was_enabled)
		return true;

	trace_fencepost_fence_enable_signal(fence);
	if (fence->ops->enable_signaling &&
	    !fence->ops->enable_signaling(fence)) {
		dma_fence_signal_locked(fence);
		return false;
	}

	return true;
}

/**
 * dma_fence_enable_sw_signaling() - ask for a fence to be signaled
 * @fence: the fence
 *
 * Calls &dma_fence_ops.enable_signaling once, so that an implementation
 * that normally signals only to hardware will call dma_fence_signal().
 * dma_fence_add_callback() and dma_fence_wait() do this themselves.
 */
void dma_fence_enable_sw_signaling(struct dma_fence *fence)
{
	unsigned long flags;

	spin_lock_irqsave(fence->lock, flags);
	__dma_fence_enable_signaling(fence);
	spin_unlock_irqrestore(fence->lock, flags);
}
EXPORT_SYMBOL(dma_fence_enable_sw_signaling);

/**
 * dma_fence_add_callback() - run a function when a fence signals
 * @fence: the fence; the caller holds a reference
 * @cb: the callback structure, initialized by this function
 * @func: the function to run
 *
 * Enables signaling and queues @cb. @func then runs exactly once, when the
 * fence signals, with &dma_fence.lock held and possibly in irq context,
 * unless dma_fence_remove_callback() takes it back first. A callback
 * structure can be queued on one fence at a time. If the fence has already
 * signaled, @func is not called and @cb is left unqueued.
 *
 * Return: 0 if queued, -ENOENT if the fence has already signaled, -EINVAL
 * if @fence or @func is NULL.
 */
int dma_fence_add_callback(struct dma_fence *fence, struct dma_fence_cb *cb,
			   dma_fence_func_t func)
{
	unsigned long flags;
	int ret = 0;

	if (WARN_ON(!fence || !func))
		return -EINVAL;

	INIT_LIST_HEAD(&cb->node);
	cb->func = func;

	if (test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags))
		return -ENOENT;

	spin_lock_irqsave(fence->lock, flags);
	if (__dma_fence_enable_signaling(fence))
		list_add_tail(&cb->node, &fence->cb_list);
	else
		ret = -ENOENT;
	spin_unlock_irqrestore(fence->lock, flags);

	return ret;
}
EXPORT_SYMBOL(dma_fence_add_callback);

/**
 * dma_fence_remove_callback() - take back a queued callback
 * @fence: the fence @cb was added to; the caller holds a reference
 * @cb: the callback
 *
 * Dequeues @cb if it has not run yet. Once this returns, @func of @cb is
 * not running and will not run. @cb must have been passed to
 * dma_fence_add_callback() for @fence before (successfully or not).
 *
 * Removing callbacks is easy to get wrong; it is meant for teardown and
 * error recovery paths.
 *
 * Return: true if the callback was removed before running, false if it
 * has run (or was never queued).
 */
bool dma_fence_remove_callback(struct dma_fence *fence,
			       struct dma_fence_cb *cb)
{
	unsigned long flags;
	bool queued;

	spin_lock_irqsave(fence->lock, flags);
	queued = !list_empty(&cb->node);
	if (queued)
		list_del_init(&cb->node);
	spin_unlock_irqrestore(fence->lock, flags);

	return queued;
}
EXPORT_SYMBOL(dma_fence_remove_callback);

/**
 * dma_fence_get_status() - completion status of a fence
 * @fence: the fence
 *
 * Locked wrapper of dma_fence_get_status_locked().
 *
 * Return: 0 while pending, 1 if signaled without error, or the negative
 * error the fence was signaled with.
 */
int dma_fence_get_status(struct dma_fence *fence)
{
	unsigned long flags;
	int status;

	spin_lock_irqsave(fence->lock, flags);
	status = dma_fence_get_status_locked(fence);
	spin_unlock_irqrestore(fence->lock, flags);

	return status;
}
EXPORT_SYMBOL(dma_fence_get_status);

/* A sleeping task waiting for one or more fences. */
struct dma_fence_waiter {
	struct dma_fence_cb cb;
	struct task_struct *task;
};

static void dma_fence_waiter_wake(struct dma_fence *fence __always_unused,
				  struct dma_fence_cb *cb)
{
	struct dma_fence_waiter *waiter =
		container_of(cb, struct dma_fence_waiter, cb);

	wake_up_process(waiter->task);
}

/**
 * dma_fence_default_wait() - sleep until a fence signals or time runs out
 * @fence: the fence; the caller holds a reference
 * @intr: true for an interruptible sleep
 * @timeout: the timeout in jiffies, 0 to only test, or MAX_SCHEDULE_TIMEOUT
 *
 * The wait used when &dma_fence_ops.wait is not set. Queues a callback
 * that wakes the task and sleeps with set_current_state() and
 * schedule_timeout(). A fence that signals just as the timeout expires
 * counts as signaled.
 *
 * Return: the remaining jiffies (at least 1) if the fence signaled, so 1
 * for a signaled fence and a zero @timeout; 0 if the timeout expired;
 * -ERESTARTSYS if @intr and a signal is pending.
 */
signed long dma_fence_default_wait(struct dma_fence *fence, bool intr,
				   signed long timeout)
{
	int state = intr ? TASK_INTERRUPTIBLE : TASK_UNINTERRUPTIBLE;
	struct dma_fence_waiter waiter;
	signed long ret = timeout ? timeout : 1;
	unsigned long flags;

	spin_lock_irqsave(fence->lock, flags);

	if (!__dma_fence_enable_signaling(fence))
		goto out_unlock;
	if (intr && signal_pending(current)) {
		ret = -ERESTARTSYS;
		goto out_unlock;
	}
	if (!timeout) {
		ret = 0;
		goto out_unlock;
	}

	waiter.task = current;
	waiter.cb.func = dma_fence_waiter_wake;
	list_add(&waiter.cb.node, &fence->cb_list);

	/*
	 * The state is set and the signaled bit tested under the lock the
	 * wake-up callback runs under, so a signal can't slip in between.
	 */
	while (ret > 0) {
		if (test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags))
			break;
		if (intr && signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		set_current_state(state);
		spin_unlock_irqrestore(fence->lock, flags);
		ret = schedule_timeout(ret);
		spin_lock_irqsave(fence->lock, flags);
	}
	__set_current_state(TASK_RUNNING);

	if (!list_empty(&waiter.cb.node))
		list_del(&waiter.cb.node);
	if (!ret && test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fence->flags))
		ret = 1;

out_unlock:
	spin_unlock_irqrestore(fence->lock, flags);
	return ret;
}
EXPORT_SYMBOL(dma_fence_default_wait);

/**
 * dma_fence_wait_timeout() - sleep until a fence signals or time runs out
 * @fence: the fence; the caller holds a reference
 * @intr: true for an interruptible sleep
 * @timeout: the timeout in jiffies, 0 to only test, or MAX_SCHEDULE_TIMEOUT
 *
 * Enables signaling and waits with &dma_fence_ops.wait, or with
 * dma_fence_default_wait() if the implementation has none. Must be called
 * from process context without spinlocks held.
 *
 * Return: the remaining jiffies (at least 1) if the fence signaled, 0 on
 * timeout, -ERESTARTSYS if interrupted, -EINVAL for a negative @timeout.
 * Custom waits may return other negative errors.
 */
signed long dma_fence_wait_timeout(struct dma_fence *fence, bool intr,
				   signed long timeout)
{
	signed long ret;

	if (WARN_ON(timeout < 0))
		return -EINVAL;

	might_sleep();
	__dma_fence_might_wait();

	dma_fence_enable_sw_signaling(fence);

	trace_fencepost_fence_wait_start(fence);
	if (fence->ops->wait)
		ret = fence->ops->wait(fence, intr, timeout);
	else
		ret = dma_fence_default_wait(fence, intr, timeout);
	trace_fencepost_fence_wait_end(fence);

	return ret;
}
EXPORT_SYMBOL(dma_fence_wait_timeout);

/*
 * Index of the first signaled fence, or -1. With @poll the implementations
 * are asked through dma_fence_is_signaled(); without, only the signaled
 * bit is tested, which is all a sleeping waiter with callbacks armed needs.
 */
static int dma_fence_first_signaled(struct dma_fence **fences, u32 count,
				    bool poll)
{
	u32 i;

	for (i = 0; i < count; i++) {
		if (poll ? dma_fence_is_signaled(fences[i]) :
		    test_bit(DMA_FENCE_FLAG_SIGNALED_BIT, &fences[i]->flags))
			return i;
	}

	return -1;
}

static signed long dma_fence_sleep_any(struct dma_fence **fences, u32 count,
				       bool intr, signed long timeout, u32 *idx)
{
	int state = intr ? TASK_INTERRUPTIBLE : TASK_UNINTERRUPTIBLE;
	int first = -1;

	/*
	 * Set the state before looking: a callback that runs after the look
	 * then puts the task back to running and schedule_timeout() returns
	 * at once.
	 */
	while (timeout > 0) {
		set_current_state(state);
		first = dma_fence_first_signaled(fences, count, false);
		if (first >= 0)
			break;
		if (intr && signal_pending(current)) {
			timeout = -ERESTARTSYS;
			break;
		}
		timeout = schedule_timeout(timeout);
	}
	__set_current_state(TASK_RUNNING);

	if (!timeout)
		first = dma_fence_first_signaled(fences, count, false);
	if (first >= 0) {
		if (idx)
			*idx = first;
		if (!timeout)
			timeout = 1;
	}

	return timeout;
}

/**
 * dma_fence_wait_any_timeout() - sleep until one of several fences signals
 * @fences: the fences; the caller holds a reference to each
 * @count: number of entries in @fences
 * @intr: true for an interruptible sleep
 * @timeout: the timeout in jiffies, 0 to only test, or MAX_SCHEDULE_TIMEOUT
 * @idx: if not NULL, receives the index of a signaled fence when the
 *	return value is positive
 *
 * Custom &dma_fence_ops.wait implementations are not used; the wait is
 * driven by callbacks on all fences. May sleep.
 *
 * Return: the remaining jiffies (at least 1) if a fence signaled, 0 on
 * timeout, -ERESTARTSYS if interrupted, -EINVAL for invalid arguments,
 * -ENOMEM if the waiter array can't be allocated.
 */
signed long dma_fence_wait_any_timeout(struct dma_fence **fences, u32 count,
				       bool intr, signed long timeout,
				       u32 *idx)
{
	struct dma_fence_waiter *waiters;
	signed long ret = timeout;
	int first;
	u32 i;

	if (WARN_ON(!fences || !count || timeout < 0))
		return -EINVAL;

	if (!timeout) {
		first = dma_fence_first_signaled(fences, count, true);
		if (first < 0)
			return 0;
		if (idx)
			*idx = first;
		return 1;
	}

	waiters = kcalloc(count, sizeof(*waiters), GFP_KERNEL);
	if (!waiters)
		return -ENOMEM;

	for (i = 0; i < count; i++) {
		waiters[i].task = current;
		if (dma_fence_add_callback(fences[i], &waiters[i].cb,
					   dma_fence_waiter_wake)) {
			if (idx)
				*idx = i;
			goto remove_callbacks;
		}
	}

	ret = dma_fence_sleep_any(fences, count, intr, timeout, idx);

remove_callbacks:
	while (i--)
		dma_fence_remove_callback(fences[i], &waiters[i].cb);
	kfree(waiters);
	return ret;
}
EXPORT_SYMBOL(dma_fence_wait_any_timeout);

/**
 * dma_fence_set_deadline() - tell a fence's owner when it is needed
 * @fence: the fence
 * @deadline: the time by which the waiter would like the fence signaled
 *
 * Passes the hint to &dma_fence_ops.set_deadline if the implementation has
 * one and the fence has not signaled yet. The implementation keeps the
 * earliest deadline it has been given. Safe from any context.
 */
void dma_fence_set_deadline(struct dma_fence *fence, ktime_t deadline)
{
	if (fence->ops->set_deadline && !dma_fence_is_signaled(fence))
		fence->ops->set_deadline(fence, deadline);
}
EXPORT_SYMBOL(dma_fence_set_deadline);

/**
 * dma_fence_describe() - print a one-line description of a fence
 * @fence: the fence
 * @seq: where to print
 *
 * Prints "<driver> <timeline> seq <seqno> signalled" (or "unsignalled")
 * followed by a newline, the format of Linux 6.1.
 */
void dma_fence_describe(struct dma_fence *fence, struct seq_file *seq)
{
	seq_printf(seq, "%s %s seq %llu %ssignalled\n",
		   fence->ops->get_driver_name(fence),
		   fence->ops->get_timeline_name(fence),
		   (unsigned long long)fence->seqno,
		   dma_fence_is_signaled(fence) ? "" : "un");
}
EXPORT_SYMBOL(dma_fence_describe);
